# Tries capacities one by one upwards: right answer, but the range can hold
# billions of values.
def min_capacity(weights, days):
    def days_needed(capacity):
        count, load = 1, 0
        for w in weights:
            if load + w > capacity:
                count += 1
                load = 0
            load += w
        return count

    capacity = max(weights)
    while days_needed(capacity) > days:
        capacity += 1
    return capacity
