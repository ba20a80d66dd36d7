# Assumes every edge joins two different components, which is only true
# when the graph has no cycles and no repeated pairs.
def count_components(n, edges):
    return n - len(edges)
