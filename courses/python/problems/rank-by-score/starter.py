def rank_names(names, scores):
    # Pair each name with its score, sort the pairs with a key that
    # expresses both rules, then keep only the names.
    return []
