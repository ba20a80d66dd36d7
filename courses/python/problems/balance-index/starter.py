def balance_index(xs):
    # If you know the total and the sum to the left of i, what is the sum
    # to the right of i?
    return -1
