def closest_pair_sum(xs, target):
    # One index at each end of the sorted list; after looking at their sum,
    # one of them can safely move inwards.
    pass
