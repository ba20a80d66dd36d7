# Adds xs[i] to the left sum before comparing, so xs[i] is counted on the left.
def balance_index(xs):
    total = sum(xs)
    left = 0
    for i, x in enumerate(xs):
        left += x
        if left == total - left:
            return i
    return -1
