def distinct(xs):
    return set(xs)
