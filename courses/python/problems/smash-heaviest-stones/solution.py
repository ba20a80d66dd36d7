import heapq


def last_stone(weights):
    pile = [-w for w in weights]  # negated: the heaviest stone comes out first
    heapq.heapify(pile)
    while len(pile) > 1:
        x = -heapq.heappop(pile)
        y = -heapq.heappop(pile)
        if x != y:
            heapq.heappush(pile, -(x - y))
    return -pile[0] if pile else 0
