def products_except_self(xs):
    n = len(xs)
    result = [1] * n
    left = 1
    for i in range(n):
        result[i] = left
        left *= xs[i]
    right = 1
    for i in range(n - 1, -1, -1):
        result[i] *= right
        right *= xs[i]
    return result
