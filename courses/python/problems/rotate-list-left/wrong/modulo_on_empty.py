# Reduces k with the remainder, but an empty list makes the divisor zero.
def rotate_left(xs, k):
    shift = k % len(xs)
    return xs[shift:] + xs[:shift]
