def balance_index(xs):
    total = sum(xs)
    left = 0                      # sum of xs[:i]
    for i, x in enumerate(xs):
        if left == total - left - x:
            return i
        left += x
    return -1
