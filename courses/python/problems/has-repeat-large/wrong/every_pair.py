# Compares every pair of positions: correct, but about n * n / 2 comparisons.
def has_repeat(xs):
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            if xs[i] == xs[j]:
                return True
    return False
