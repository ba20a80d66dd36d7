def second_largest(xs):
    best = None
    runner_up = None
    for x in xs:
        if best is None or x > best:
            runner_up = best
            best = x
        elif x < best and (runner_up is None or x > runner_up):
            runner_up = x
    if runner_up is None:
        raise ValueError("fewer than two distinct values")
    return runner_up
