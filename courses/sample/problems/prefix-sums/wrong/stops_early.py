# The range stops one element early: the last total is missing.
def running_totals(xs):
    totals = []
    total = 0
    for i in range(len(xs) - 1):
        total += xs[i]
        totals.append(total)
    return totals
