def fewest_coins(coins, amount):
    # best[a] could hold the fewest coins that make the amount a.
    return -1
