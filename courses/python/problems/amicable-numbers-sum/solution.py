def proper_divisor_sum(n):
    if n < 2:
        return 0
    total = 1
    d = 2
    while d * d <= n:
        if n % d == 0:
            total += d
            partner = n // d
            if partner != d:
                total += partner
        d += 1
    return total


def amicable_sum(limit):
    total = 0
    for a in range(2, limit):
        b = proper_divisor_sum(a)
        if b != a and proper_divisor_sum(b) == a:
            total += a
    return total
