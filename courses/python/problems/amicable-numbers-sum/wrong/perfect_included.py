# Forgets that the partner must be a different number, so perfect
# numbers such as 6 and 28 (their own "partner") are added too.
def proper_divisor_sum(n):
    if n < 2:
        return 0
    total = 1
    d = 2
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
        if proper_divisor_sum(b) == a:
            total += a
    return total
