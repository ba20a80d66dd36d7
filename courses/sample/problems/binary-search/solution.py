def index_of(xs, target):
    lo, hi = 0, len(xs)          # the target can only be in xs[lo:hi]
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return -1
