# >= lets a later player with the same score take over, so a tie goes to
# the last player instead of the first.
def top_scorer(names, scores):
    best_name, best_score = names[0], scores[0]
    for name, score in zip(names, scores):
        if score >= best_score:
            best_name, best_score = name, score
    return best_name, best_score
