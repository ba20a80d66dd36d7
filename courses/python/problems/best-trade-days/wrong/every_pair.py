# Tries every (buy, sell) pair: right answers, but about n * n / 2 steps,
# far too slow for tens of thousands of days.
def best_trade(prices):
    best = (-1, -1)
    best_profit = 0
    for sell in range(len(prices)):
        for buy in range(sell):
            if prices[sell] - prices[buy] > best_profit:
                best_profit = prices[sell] - prices[buy]
                best = (buy, sell)
    return best
