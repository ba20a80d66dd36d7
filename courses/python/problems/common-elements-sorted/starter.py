def common_values(a, b):
    # Which collection type forgets repeats and answers "is x in it?"
    # quickly?
    return []
