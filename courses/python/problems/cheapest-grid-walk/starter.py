import heapq


def cheapest_walk(tolls):
    # Every block is a vertex; stepping onto a block costs its toll.
    return 0
