# The right recurrence, but every call recomputes its smaller staircases
# from scratch: the number of calls grows exponentially with n.
def climb_ways(n):
    if n < 0:
        return 0
    if n == 0:
        return 1
    return climb_ways(n - 1) + climb_ways(n - 2) + climb_ways(n - 3)
