def first_index(xs, target):
    # Invariant: every index before lo holds a value < target,
    # every index from hi on holds a value >= target.
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(xs) and xs[lo] == target:
        return lo
    return -1
