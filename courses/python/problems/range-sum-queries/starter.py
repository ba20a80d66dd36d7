def range_sums(xs, queries):
    # Build one list of running totals first; then every query is a
    # difference of two of its entries.
    return []
