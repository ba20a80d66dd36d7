def max_subarray_sum(xs):
    best = current = xs[0]
    for x in xs[1:]:
        # Either extend the run that ends at the previous element or start anew at x.
        current = max(x, current + x)
        best = max(best, current)
    return best
