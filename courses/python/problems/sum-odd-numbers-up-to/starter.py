def sum_odd_up_to(n):
    # Keep a running total and add each odd number from 1 to n to it.
    total = 0
    return total
