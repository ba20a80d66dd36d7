def invert(mapping):
    # Each value of mapping becomes a key of the result, and each key of
    # mapping joins a list.
    groups = {}
    return groups
