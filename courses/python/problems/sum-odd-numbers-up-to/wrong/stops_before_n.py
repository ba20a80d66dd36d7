# range stops before its end value, so an odd n itself is never added.
def sum_odd_up_to(n):
    total = 0
    for k in range(1, n, 2):
        total += k
    return total
