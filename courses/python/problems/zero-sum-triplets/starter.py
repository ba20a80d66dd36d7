def zero_triplets(xs):
    # Sort first.  Fix the smallest value of the triplet, then look for the
    # other two in the rest of the list.
    result = []
    return result
