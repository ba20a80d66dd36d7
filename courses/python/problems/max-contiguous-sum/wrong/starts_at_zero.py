# Starts the best sum at 0 and resets negative runs to 0, so when every
# number is negative it reports 0, the sum of an empty run.
def max_subarray_sum(xs):
    best = current = 0
    for x in xs:
        current = max(0, current + x)
        best = max(best, current)
    return best
