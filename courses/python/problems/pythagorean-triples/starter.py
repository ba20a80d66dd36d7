def triples(n):
    # A comprehension with two for clauses (a, then b) and a filter.
    # How can the filter decide "is this a perfect square <= n*n?" quickly?
    return []
