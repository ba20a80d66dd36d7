# Uses a plain list and pop(), which takes the newest vertex instead of the
# oldest: the search dives deep and can give a vertex a longer distance.
def hop_distances(n, edges, source):
    neighbours = [[] for _ in range(n)]
    for u, v in edges:
        neighbours[u].append(v)
        neighbours[v].append(u)
    dist = [-1] * n
    dist[source] = 0
    todo = [source]
    while todo:
        u = todo.pop()
        for v in neighbours[u]:
            if dist[v] == -1:
                dist[v] = dist[u] + 1
                todo.append(v)
    return dist
