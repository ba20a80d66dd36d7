# Adds n itself to its divisor sum, so the "partner" is always too big
# and no pair is ever found.
def proper_divisor_sum(n):
    total = 0
    d = 1
    while d * d <= n:
        if n % d == 0:
            total += d
            if n // d != d:
                total += n // d
        d += 1
    return total


def amicable_sum(limit):
    total = 0
    for a in range(2, limit):
        b = proper_divisor_sum(a)
        if b != a and proper_divisor_sum(b) == a:
            total += a
    return total
