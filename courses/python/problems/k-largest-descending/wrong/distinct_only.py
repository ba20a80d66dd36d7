# Removes duplicates first with a set, so a repeated large value is
# counted only once.
import heapq


def k_largest(nums, k):
    return heapq.nlargest(k, set(nums))
