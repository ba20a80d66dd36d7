def longest_distinct(s):
    # Keep a window with no repeated character; extend it on the right,
    # and when a repeat enters, move the left edge just far enough.
    return 0
