# / always returns a float: 12.0 instead of 12, and for large numbers
# the float is not even the exact value.
def gcd(a, b):
    while b != 0:
        a, b = b, a % b
    return a


def lcm(a, b):
    return a * b / gcd(a, b)
