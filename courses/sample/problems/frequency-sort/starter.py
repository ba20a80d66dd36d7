def by_frequency(xs):
    # 1. Count how often each value occurs.
    # 2. Order the distinct values: most frequent first, ties smallest first.
    return []
