from collections import deque


def window_maxima(nums, k):
    # Keep only the positions that could still become the maximum of a
    # later window, and drop positions that have left the window.
    return []
