import heapq


def running_medians(nums):
    low = []   # the smaller half, negated (a max-heap); may hold one extra
    high = []  # the larger half (a min-heap)
    medians = []
    for x in nums:
        if low and x > -low[0]:
            heapq.heappush(high, x)
        else:
            heapq.heappush(low, -x)
        # Rebalance so that len(low) is len(high) or len(high) + 1.
        if len(low) > len(high) + 1:
            heapq.heappush(high, -heapq.heappop(low))
        elif len(high) > len(low):
            heapq.heappush(low, -heapq.heappop(high))
        if len(low) > len(high):
            medians.append(float(-low[0]))
        else:
            medians.append((-low[0] + high[0]) / 2)
    return medians
