def best_value(weights, values, capacity):
    best = [0] * (capacity + 1)
    for weight, value in zip(weights, values):
        # Go downwards so that best[c - weight] still describes a packing
        # without this item: every item is used at most once.
        for c in range(capacity, weight - 1, -1):
            best[c] = max(best[c], best[c - weight] + value)
    return best[capacity]
