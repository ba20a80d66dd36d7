def gcd(a, b):
    # A helper: the greatest common divisor of a and b.
    return 1


def lcm(a, b):
    # Use gcd here.
    return 0
