def running_totals(xs):
    totals = []
    total = 0
    for x in xs:
        total += x
        totals.append(total)
    return totals
