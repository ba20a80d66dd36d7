def reverse_graph(graph):
    result = {vertex: [] for vertex in graph}
    for source, targets in graph.items():
        for target in targets:
            result[target].append(source)
    for sources in result.values():
        sources.sort()
    return result
