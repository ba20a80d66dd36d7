# Takes the second element from the end of the sorted list: when the
# maximum is repeated, that is the maximum again.
def second_largest(xs):
    if len(xs) < 2:
        raise ValueError("fewer than two values")
    return sorted(xs)[-2]
