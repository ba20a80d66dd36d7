def max_window_sum(xs, k):
    # Sum the first window once; after that, each step right changes
    # the sum by one element coming in and one going out.
    pass
