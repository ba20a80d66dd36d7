# Keeps a decreasing deque but never removes the front when its index
# slides out of the window, so an old large value is reported forever.
from collections import deque


def window_maxima(nums, k):
    result = []
    candidates = deque()
    for i, x in enumerate(nums):
        while candidates and nums[candidates[-1]] <= x:
            candidates.pop()
        candidates.append(i)
        if i >= k - 1:
            result.append(nums[candidates[0]])
    return result
