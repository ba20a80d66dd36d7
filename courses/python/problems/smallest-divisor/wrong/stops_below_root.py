# range(2, root) stops one short of the square root, so for 49 the
# divisor 7 is never tried and 49 is reported as prime.
import math


def smallest_divisor(n):
    root = math.isqrt(n)
    for d in range(2, root):
        if n % d == 0:
            return d
    return n
