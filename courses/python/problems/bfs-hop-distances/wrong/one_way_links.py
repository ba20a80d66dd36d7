# Stores each link only from its first vertex to its second.
from collections import deque


def hop_distances(n, edges, source):
    neighbours = [[] for _ in range(n)]
    for u, v in edges:
        neighbours[u].append(v)
    dist = [-1] * n
    dist[source] = 0
    queue = deque([source])
    while queue:
        u = queue.popleft()
        for v in neighbours[u]:
            if dist[v] == -1:
                dist[v] = dist[u] + 1
                queue.append(v)
    return dist
