# Treats each pair as a one-way arrow and counts only where it starts.
def degrees(n, edges):
    result = [0] * n
    for u, v in edges:
        result[u] += 1
    return result
