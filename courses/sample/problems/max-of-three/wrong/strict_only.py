# Strict comparisons everywhere: when the two largest are equal and come
# first, neither test holds and c is returned.
def largest(a, b, c):
    if a > b and a > c:
        return a
    elif b > a and b > c:
        return b
    else:
        return c
