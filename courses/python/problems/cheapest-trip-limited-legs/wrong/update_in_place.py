# Relaxes into the same list it reads from, so one round can chain
# several flights and the limit on flights leaks.
def cheapest_trip(n, flights, src, dst, k):
    INF = float("inf")
    price = [INF] * n
    price[src] = 0
    for _ in range(k):
        for u, v, p in flights:
            if price[u] + p < price[v]:
                price[v] = price[u] + p
    return -1 if price[dst] == INF else price[dst]
