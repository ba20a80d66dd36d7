# Counts upwards from every value, not only from the start of a run: a run
# of length k is walked k times, quadratic time on one long run.
def longest_run(xs):
    values = set(xs)
    best = 0
    for v in values:
        length = 1
        while v + length in values:
            length += 1
        best = max(best, length)
    return best
