from collections import deque


def window_maxima(nums, k):
    result = []
    candidates = deque()  # indices; their values decrease front to back
    for i, x in enumerate(nums):
        while candidates and nums[candidates[-1]] <= x:
            candidates.pop()
        candidates.append(i)
        if candidates[0] <= i - k:
            candidates.popleft()
        if i >= k - 1:
            result.append(nums[candidates[0]])
    return result
