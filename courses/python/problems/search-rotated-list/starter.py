def search_rotated(xs, target):
    # At every step at least one half of the current range is in order;
    # find out which, then decide whether the target can be in it.
    return -1
