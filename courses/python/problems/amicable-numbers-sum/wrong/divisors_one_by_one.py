# Correct, but finds divisors by trying every number below n: about
# fifty million divisions for limit 10000.
def proper_divisor_sum(n):
    total = 0
    for d in range(1, n):
        if n % d == 0:
            total += d
    return total


def amicable_sum(limit):
    total = 0
    for a in range(2, limit):
        b = proper_divisor_sum(a)
        if b != a and proper_divisor_sum(b) == a:
            total += a
    return total
