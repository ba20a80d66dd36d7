def second_largest(xs):
    # Return the largest value that is smaller than max(xs).
    # Raise ValueError when there is no such value.
    raise ValueError("not written yet")
