def max_subarray_sum(xs):
    # Walk the list once, keeping the best sum of a run that ends at the
    # current element and the best sum seen anywhere so far.
    pass
