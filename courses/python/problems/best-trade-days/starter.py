def best_trade(prices):
    # Walk the days once with enumerate; remember the cheapest day so far
    # and the best (buy, sell) pair so far.
    return (-1, -1)
