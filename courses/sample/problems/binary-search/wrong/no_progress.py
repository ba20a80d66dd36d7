# Moves lo to mid instead of past it: when the range is two elements wide
# and the target is on the right, lo never changes again.
def index_of(xs, target):
    lo, hi = 0, len(xs) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        if xs[mid] < target:
            lo = mid
        else:
            hi = mid - 1
    return -1
