def rotate_left(xs, k):
    if not xs:
        return []
    shift = k % len(xs)
    return xs[shift:] + xs[:shift]
