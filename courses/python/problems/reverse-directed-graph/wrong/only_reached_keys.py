# Creates a key only when an arrow arrives, so vertices nobody points at
# disappear from the result.
def reverse_graph(graph):
    result = {}
    for source, targets in graph.items():
        for target in targets:
            result.setdefault(target, []).append(source)
    for sources in result.values():
        sources.sort()
    return result
