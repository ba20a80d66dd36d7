import heapq


def k_largest(nums, k):
    if k <= 0:
        return []
    best = []  # a min-heap of the k largest values seen so far
    for x in nums:
        if len(best) < k:
            heapq.heappush(best, x)
        elif x > best[0]:
            heapq.heapreplace(best, x)
    return sorted(best, reverse=True)
