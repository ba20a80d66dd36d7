# Keeps the right k values in a min-heap, but returns the heap's list as
# it is: a heap is only partly ordered, and its smallest value is first.
import heapq


def k_largest(nums, k):
    if k <= 0:
        return []
    best = []
    for x in nums:
        if len(best) < k:
            heapq.heappush(best, x)
        elif x > best[0]:
            heapq.heapreplace(best, x)
    return best
