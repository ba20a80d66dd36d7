import heapq


def k_largest(nums, k):
    # Keep the best k values seen so far; which of them should be the
    # easiest one to throw out?
    return []
