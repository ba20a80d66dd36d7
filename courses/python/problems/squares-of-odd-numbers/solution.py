def odd_squares(xs):
    return [x * x for x in xs if x % 2 == 1]
