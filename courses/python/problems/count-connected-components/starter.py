def count_components(n, edges):
    # Build neighbour lists; start a search from every vertex not yet
    # visited, and count how many searches you start.
    return 0
