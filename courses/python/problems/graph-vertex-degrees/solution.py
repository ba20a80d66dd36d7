def degrees(n, edges):
    result = [0] * n
    for u, v in edges:
        result[u] += 1
        result[v] += 1
    return result
