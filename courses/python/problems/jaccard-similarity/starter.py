def jaccard(a, b):
    # Distinct tags only; watch out for the case with no tags at all.
    return 0.0
