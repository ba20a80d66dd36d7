# Puts the test in front of the for as "a if c else b": that chooses a
# value for every element instead of leaving the even ones out.
def odd_squares(xs):
    return [x * x if x % 2 == 1 else 0 for x in xs]
