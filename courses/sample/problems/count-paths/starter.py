def paths(rows, cols):
    # The last move into the bottom-right cell comes either from above or
    # from the left.  How many routes lead to each of those cells?
    return 0
