def transpose(matrix):
    # How many rows does the result have, and how long is each of them?
    return []
