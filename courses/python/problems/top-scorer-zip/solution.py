def top_scorer(names, scores):
    best_name, best_score = names[0], scores[0]
    for name, score in zip(names, scores):
        if score > best_score:
            best_name, best_score = name, score
    return best_name, best_score
