# Uses heapq directly on the weights. heapq is a MIN-heap, so every turn
# smashes the two LIGHTEST stones instead of the two heaviest.
import heapq


def last_stone(weights):
    pile = list(weights)
    heapq.heapify(pile)
    while len(pile) > 1:
        y = heapq.heappop(pile)
        x = heapq.heappop(pile)
        if x != y:
            heapq.heappush(pile, x - y)
    return pile[0] if pile else 0
