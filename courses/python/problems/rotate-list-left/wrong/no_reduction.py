# Slices with k directly: correct while k <= len(xs), but for a larger k
# the first slice is empty and the list comes back unrotated.
def rotate_left(xs, k):
    return xs[k:] + xs[:k]
