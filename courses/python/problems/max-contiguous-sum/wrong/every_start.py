# Tries every start and extends to every end: about n * n / 2 additions.
def max_subarray_sum(xs):
    best = xs[0]
    for i in range(len(xs)):
        total = 0
        for j in range(i, len(xs)):
            total += xs[j]
            if total > best:
                best = total
    return best
