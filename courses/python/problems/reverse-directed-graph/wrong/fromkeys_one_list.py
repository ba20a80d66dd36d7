# dict.fromkeys puts the very same list object under every key, so every
# append shows up everywhere.
def reverse_graph(graph):
    result = dict.fromkeys(graph, [])
    for source, targets in graph.items():
        for target in targets:
            result[target].append(source)
    for sources in result.values():
        sources.sort()
    return result
