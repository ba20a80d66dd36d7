# Greedy: always takes the largest coin that still fits. Optimal for
# everyday coin systems, wrong for others such as [1, 3, 4].
def fewest_coins(coins, amount):
    count = 0
    for coin in sorted(coins, reverse=True):
        count += amount // coin
        amount %= coin
    return count if amount == 0 else -1
