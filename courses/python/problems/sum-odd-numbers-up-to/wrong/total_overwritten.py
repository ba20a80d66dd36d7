# Assigns instead of adding, so the "total" is just the last odd number.
def sum_odd_up_to(n):
    total = 0
    for k in range(1, n + 1, 2):
        total = k
    return total
