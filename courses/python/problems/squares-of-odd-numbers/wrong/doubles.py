# Multiplies by two instead of squaring.
def odd_squares(xs):
    return [x * 2 for x in xs if x % 2 == 1]
