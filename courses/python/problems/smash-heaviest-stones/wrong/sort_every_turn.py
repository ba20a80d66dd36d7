# Correct rules, but sorts the whole pile again on every turn: fine for
# a handful of stones, far too slow for tens of thousands.
def last_stone(weights):
    pile = list(weights)
    while len(pile) > 1:
        pile.sort()
        x = pile.pop()
        y = pile.pop()
        if x != y:
            pile.append(x - y)
    return pile[0] if pile else 0
