def closest_pair_sum(xs, target):
    left, right = 0, len(xs) - 1
    best = xs[left] + xs[right]
    while left < right:
        s = xs[left] + xs[right]
        gap, best_gap = abs(s - target), abs(best - target)
        if gap < best_gap or (gap == best_gap and s < best):
            best = s
        if s < target:
            left += 1        # need a bigger sum
        elif s > target:
            right -= 1       # need a smaller sum
        else:
            return s         # cannot get closer than exact
    return best
