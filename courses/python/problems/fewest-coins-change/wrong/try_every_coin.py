# Correct recursion over the last coin, but nothing is remembered: the
# same remaining amounts are solved again and again.
def fewest_coins(coins, amount):
    def solve(rest):
        if rest == 0:
            return 0
        best = -1
        for coin in coins:
            if coin <= rest:
                sub = solve(rest - coin)
                if sub != -1 and (best == -1 or sub + 1 < best):
                    best = sub + 1
        return best

    return solve(amount)
