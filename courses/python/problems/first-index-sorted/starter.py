def first_index(xs, target):
    # Keep a range of indices that must contain the first position of
    # target (if it is there) and halve it on every step.
    return -1
