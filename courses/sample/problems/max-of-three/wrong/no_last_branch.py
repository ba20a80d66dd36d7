# The case "c is the largest" has no branch: the function falls off the
# end and returns None.
def largest(a, b, c):
    if a >= b and a >= c:
        return a
    elif b >= c and b >= a:
        return b
