# Uses a heap, but fixes a city's cost the first time it is pushed and
# never improves it when a cheaper route turns up later.
import heapq


def cheapest_costs(n, roads, source):
    out_roads = [[] for _ in range(n)]
    for u, v, w in roads:
        out_roads[u].append((v, w))
    cost = [-1] * n
    cost[source] = 0
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        for v, w in out_roads[u]:
            if cost[v] == -1:
                cost[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return cost
