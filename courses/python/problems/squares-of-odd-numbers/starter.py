def odd_squares(xs):
    # [expression for x in xs if condition]
    return []
