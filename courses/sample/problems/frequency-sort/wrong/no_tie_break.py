# Sorts by count only: values with equal counts stay in first-seen order.
def by_frequency(xs):
    counts = {}
    for x in xs:
        counts[x] = counts.get(x, 0) + 1
    return sorted(counts, key=lambda value: -counts[value])
