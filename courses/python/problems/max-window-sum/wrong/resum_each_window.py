# Adds up every window from scratch: about (n - k) * k additions.
def max_window_sum(xs, k):
    return max(sum(xs[i:i + k]) for i in range(len(xs) - k + 1))
