def reverse_graph(graph):
    # Give every vertex its own (empty) list first, then walk the arrows.
    reversed_graph = {}
    return reversed_graph
