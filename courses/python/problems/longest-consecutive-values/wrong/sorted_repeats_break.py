# Sorts and counts steps of exactly +1, but a repeated value resets the
# run instead of being skipped.
def longest_run(xs):
    if not xs:
        return 0
    ordered = sorted(xs)
    best = current = 1
    for i in range(1, len(ordered)):
        if ordered[i] == ordered[i - 1] + 1:
            current += 1
        else:
            current = 1
        best = max(best, current)
    return best
