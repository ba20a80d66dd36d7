def best_value(weights, values, capacity):
    # best[c] could hold the best value reachable with total weight at
    # most c, using the items considered so far.
    return 0
