def count_subarrays(xs, k):
    # The sum of xs[i:j] is the difference of two running totals.
    # Which earlier totals would pair with the current one?
    return 0
