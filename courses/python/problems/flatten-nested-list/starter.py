def flatten(items):
    # Each element is either a number or another list of the same kind.
    result = []
    return result
