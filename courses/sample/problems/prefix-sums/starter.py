def running_totals(xs):
    # Return a new list: element i is xs[0] + ... + xs[i].
    totals = []
    return totals
