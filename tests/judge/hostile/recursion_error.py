# Attack (ordinary bug): unbounded recursion under the default recursion
# limit.
# Expected: RE with error type RecursionError.
def add(a, b):
    return add(a, b) + 0
