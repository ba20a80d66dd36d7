def collapse_runs(xs):
    # Build a new list; decide for each value whether it starts a new run.
    result = []
    return result
