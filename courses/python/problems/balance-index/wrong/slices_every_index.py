# Sums both sides from scratch at every index: about n * n additions.
def balance_index(xs):
    for i in range(len(xs)):
        if sum(xs[:i]) == sum(xs[i + 1:]):
            return i
    return -1
