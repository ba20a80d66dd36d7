def can_trace(board, word):
    # From every cell, try to extend the trace letter by letter, marking
    # the cells in use and releasing them when you back out.
    return False
