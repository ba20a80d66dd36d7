def distinct(xs):
    # Return each value of xs once, in any order.
    result = []
    return result
