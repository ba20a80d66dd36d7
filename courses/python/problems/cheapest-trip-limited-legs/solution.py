def cheapest_trip(n, flights, src, dst, k):
    INF = float("inf")
    price = [INF] * n
    price[src] = 0
    for _ in range(k):
        updated = price[:]
        for u, v, p in flights:
            if price[u] + p < updated[v]:
                updated[v] = price[u] + p
        price = updated
    return -1 if price[dst] == INF else price[dst]
