def rank_names(names, scores):
    pairs = zip(names, scores)
    # Highest score first; among equal scores, names in alphabetical order.
    ordered = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    return [name for name, _ in ordered]
