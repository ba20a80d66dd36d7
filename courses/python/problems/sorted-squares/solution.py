def sorted_squares(xs):
    result = [0] * len(xs)
    left, right = 0, len(xs) - 1
    # The largest remaining square is at one of the two ends; fill from the back.
    for pos in range(len(xs) - 1, -1, -1):
        if abs(xs[left]) > abs(xs[right]):
            result[pos] = xs[left] * xs[left]
            left += 1
        else:
            result[pos] = xs[right] * xs[right]
            right -= 1
    return result
