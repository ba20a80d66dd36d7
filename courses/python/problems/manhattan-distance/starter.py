def manhattan(p, q):
    # Unpack each point into its two coordinates first.
    return 0
