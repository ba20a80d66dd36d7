# Keeps whichever sum it met first when two sums are equally close.
def closest_pair_sum(xs, target):
    left, right = 0, len(xs) - 1
    best = xs[left] + xs[right]
    while left < right:
        s = xs[left] + xs[right]
        if abs(s - target) < abs(best - target):
            best = s
        if s < target:
            left += 1
        elif s > target:
            right -= 1
        else:
            return s
    return best
