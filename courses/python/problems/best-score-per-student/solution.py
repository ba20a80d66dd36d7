def best_scores(scores, passing):
    return {
        name: max(marks)
        for name, marks in scores.items()
        if marks and max(marks) >= passing
    }
