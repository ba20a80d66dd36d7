def largest_rectangle(heights):
    # For each bar, the best rectangle of exactly its height stretches
    # left and right until a shorter bar stops it.
    return 0
