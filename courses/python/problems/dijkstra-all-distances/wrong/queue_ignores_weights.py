# Breadth-first search that adds up road costs along the first route it
# finds. The first route found has the fewest roads, not the lowest cost.
from collections import deque


def cheapest_costs(n, roads, source):
    out_roads = [[] for _ in range(n)]
    for u, v, w in roads:
        out_roads[u].append((v, w))
    cost = [-1] * n
    cost[source] = 0
    queue = deque([source])
    while queue:
        u = queue.popleft()
        for v, w in out_roads[u]:
            if cost[v] == -1:
                cost[v] = cost[u] + w
                queue.append(v)
    return cost
