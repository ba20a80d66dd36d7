import heapq


def cheapest_costs(n, roads, source):
    # Dijkstra: always settle the city with the smallest known cost next.
    cost = [-1] * n
    return cost
