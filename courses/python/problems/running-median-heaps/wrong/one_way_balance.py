# Moves values from the lower half to the upper half when the lower half
# grows too big, but never in the other direction: after a run of large
# numbers the upper half holds too many and the "middle" is wrong.
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
        if len(low) > len(high):
            medians.append(float(-low[0]))
        else:
            medians.append((-low[0] + high[0]) / 2)
    return medians
