# Calls max on every list, including empty ones, which raises ValueError.
def best_scores(scores, passing):
    return {
        name: max(marks)
        for name, marks in scores.items()
        if max(marks) >= passing
    }
