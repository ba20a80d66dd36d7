from collections import deque


def hop_distances(n, edges, source):
    # Build neighbour lists, then explore outwards from source one hop
    # at a time.
    dist = [-1] * n
    return dist
