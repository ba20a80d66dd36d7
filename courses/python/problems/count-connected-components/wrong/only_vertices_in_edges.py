# Starts searches only from vertices that appear in some edge, so vertices
# with no edges are never counted.
def count_components(n, edges):
    neighbours = {}
    for u, v in edges:
        neighbours.setdefault(u, []).append(v)
        neighbours.setdefault(v, []).append(u)
    visited = set()
    components = 0

    def explore(u):
        visited.add(u)
        for v in neighbours[u]:
            if v not in visited:
                explore(v)

    for start in neighbours:
        if start not in visited:
            components += 1
            explore(start)
    return components
