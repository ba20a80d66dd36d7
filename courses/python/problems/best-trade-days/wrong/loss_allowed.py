# Starts from the first pair and keeps the least bad trade, so a falling
# market returns a losing trade instead of (-1, -1).
def best_trade(prices):
    if len(prices) < 2:
        return (-1, -1)
    best = (0, 1)
    best_profit = prices[1] - prices[0]
    low_day = 0
    for day in range(1, len(prices)):
        price = prices[day]
        if price - prices[low_day] > best_profit:
            best_profit = price - prices[low_day]
            best = (low_day, day)
        if price < prices[low_day]:
            low_day = day
    return best
