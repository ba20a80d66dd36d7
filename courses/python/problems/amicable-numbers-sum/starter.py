def proper_divisor_sum(n):
    # A helper: the sum of the divisors of n that are smaller than n.
    return 0


def amicable_sum(limit):
    # Use the helper for every candidate below limit.
    return 0
