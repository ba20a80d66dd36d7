def can_finish(n, rules):
    # Look for a cycle with depth-first search. A vertex can be
    # "not visited yet", "on the current path" or "finished".
    return True
