# Starts the result with xs[0], which does not exist for an empty list.
def collapse_runs(xs):
    result = [xs[0]]
    for x in xs[1:]:
        if x != result[-1]:
            result.append(x)
    return result
