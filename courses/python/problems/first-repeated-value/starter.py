def first_repeat(xs):
    # Remember what you have already seen, in a collection with a fast
    # "is it in there?" test.
    return None
