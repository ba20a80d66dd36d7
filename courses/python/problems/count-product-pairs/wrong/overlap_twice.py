# Uses the symmetry but counts the pairs where both a and b are small twice.
from math import isqrt


def count_pairs(n):
    r = isqrt(n)
    total = 0
    for a in range(1, r + 1):
        total += n // a
    return 2 * total
