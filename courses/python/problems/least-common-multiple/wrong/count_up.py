# Walks through the multiples of the larger number one by one: right,
# but about a billion steps for two large numbers with no common factor.
def lcm(a, b):
    big = max(a, b)
    small = min(a, b)
    m = big
    while m % small != 0:
        m += big
    return m
