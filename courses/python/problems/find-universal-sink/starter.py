def find_sink(n, follows):
    # Count, for every account, how many arrows end at it and how many
    # start at it.
    return -1
