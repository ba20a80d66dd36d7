import heapq


def last_stone(weights):
    # heapq only offers a min-heap; think about how to get the heaviest
    # stone out of it first.
    return 0
