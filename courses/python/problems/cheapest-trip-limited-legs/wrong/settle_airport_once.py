# Dijkstra that counts flights but settles each airport only once: the
# cheapest way into an airport may use too many flights, and the
# fewer-flight alternative is thrown away.
import heapq


def cheapest_trip(n, flights, src, dst, k):
    out = [[] for _ in range(n)]
    for u, v, p in flights:
        out[u].append((v, p))
    settled = set()
    heap = [(0, src, 0)]
    while heap:
        cost, u, used = heapq.heappop(heap)
        if u == dst:
            return cost
        if u in settled:
            continue
        settled.add(u)
        if used == k:
            continue
        for v, p in out[u]:
            if v not in settled:
                heapq.heappush(heap, (cost + p, v, used + 1))
    return -1
