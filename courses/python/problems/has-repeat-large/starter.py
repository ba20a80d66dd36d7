def has_repeat(xs):
    # Aim for one pass over xs where each check costs about the same,
    # no matter how many values came before.
    return False
