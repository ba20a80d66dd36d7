import heapq


def running_medians(nums):
    # Keep the smaller half and the larger half of the numbers seen so
    # far, each in a heap, with their sizes never more than one apart.
    return []
