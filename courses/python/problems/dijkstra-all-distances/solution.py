import heapq


def cheapest_costs(n, roads, source):
    out_roads = [[] for _ in range(n)]
    for u, v, w in roads:
        out_roads[u].append((v, w))
    best = [None] * n
    best[source] = 0
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > best[u]:
            continue
        for v, w in out_roads[u]:
            nd = d + w
            if best[v] is None or nd < best[v]:
                best[v] = nd
                heapq.heappush(heap, (nd, v))
    return [-1 if d is None else d for d in best]
