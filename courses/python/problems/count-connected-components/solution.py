def count_components(n, edges):
    neighbours = [[] for _ in range(n)]
    for u, v in edges:
        neighbours[u].append(v)
        neighbours[v].append(u)
    visited = [False] * n
    components = 0
    for start in range(n):
        if visited[start]:
            continue
        components += 1
        visited[start] = True
        stack = [start]
        while stack:
            u = stack.pop()
            for v in neighbours[u]:
                if not visited[v]:
                    visited[v] = True
                    stack.append(v)
    return components
