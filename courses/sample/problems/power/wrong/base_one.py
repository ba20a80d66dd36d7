# The base case is exponent 1, so exponent 0 recurses past it forever.
def power(base, exponent):
    if exponent == 1:
        return base
    return base * power(base, exponent - 1)
