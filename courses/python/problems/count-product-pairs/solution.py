from math import isqrt


def count_pairs(n):
    # Every pair with a * b <= n has a <= r or b <= r, where r = isqrt(n).
    r = isqrt(n)
    total = 0
    for a in range(1, r + 1):
        total += n // a          # pairs (a, b) with this small a
    # Counting small a and, by symmetry, small b counts the r * r pairs
    # where both are small twice.
    return 2 * total - r * r
