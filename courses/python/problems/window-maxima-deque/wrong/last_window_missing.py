# Counts the windows as len(nums) - k instead of len(nums) - k + 1, so
# the last window is missing (and k == len(nums) gives nothing).
from collections import deque


def window_maxima(nums, k):
    result = []
    candidates = deque()
    for i in range(len(nums) - 1):
        while candidates and nums[candidates[-1]] <= nums[i]:
            candidates.pop()
        candidates.append(i)
        if candidates[0] <= i - k:
            candidates.popleft()
        if i >= k - 1:
            result.append(nums[candidates[0]])
    return result
