def count_evens(xs):
    n = 0
    for i in range(len(xs) - 1):
        if xs[i] % 2 == 0:
            n += 1
    return n
