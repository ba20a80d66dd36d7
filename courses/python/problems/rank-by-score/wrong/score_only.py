# Sorts by score only: names with equal scores keep their input order.
def rank_names(names, scores):
    ordered = sorted(zip(names, scores), key=lambda pair: pair[1], reverse=True)
    return [name for name, _ in ordered]
