# The one-row table filled with capacities going upwards: best[c - weight]
# may already contain this item, so an item can be packed several times.
def best_value(weights, values, capacity):
    best = [0] * (capacity + 1)
    for weight, value in zip(weights, values):
        for c in range(weight, capacity + 1):
            best[c] = max(best[c], best[c - weight] + value)
    return best[capacity]
