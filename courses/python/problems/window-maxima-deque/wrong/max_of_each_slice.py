# Right answers, but rescans the whole window for every position: about
# len(nums) * k steps, far too slow when both are large.
def window_maxima(nums, k):
    return [max(nums[i:i + k]) for i in range(len(nums) - k + 1)]
