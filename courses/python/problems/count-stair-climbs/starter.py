def climb_ways(n):
    # How does the last stride of a climb to step n relate to the
    # number of ways to reach steps n - 1, n - 2 and n - 3?
    return 0
