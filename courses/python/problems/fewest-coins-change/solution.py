def fewest_coins(coins, amount):
    unreachable = amount + 1
    best = [0] + [unreachable] * amount
    for a in range(1, amount + 1):
        for coin in coins:
            if coin <= a and best[a - coin] + 1 < best[a]:
                best[a] = best[a - coin] + 1
    return -1 if best[amount] == unreachable else best[amount]
