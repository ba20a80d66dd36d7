# Two heaps done right, but the average of the two middle values uses
# //, which throws away the .5 (and rounds negative halves down).
import heapq


def running_medians(nums):
    low, high, medians = [], [], []
    for x in nums:
        if low and x > -low[0]:
            heapq.heappush(high, x)
        else:
            heapq.heappush(low, -x)
        if len(low) > len(high) + 1:
            heapq.heappush(high, -heapq.heappop(low))
        elif len(high) > len(low):
            heapq.heappush(low, -heapq.heappop(high))
        if len(low) > len(high):
            medians.append(-low[0])
        else:
            medians.append((-low[0] + high[0]) // 2)
    return medians
