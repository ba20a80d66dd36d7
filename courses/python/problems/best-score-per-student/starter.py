def best_scores(scores, passing):
    # A dictionary comprehension: {key: value for ... in scores.items() if ...}
    return {}
