def max_window_sum(xs, k):
    window = sum(xs[:k])
    best = window
    for i in range(k, len(xs)):
        # Slide one step: xs[i] enters, xs[i - k] leaves.
        window += xs[i] - xs[i - k]
        best = max(best, window)
    return best
