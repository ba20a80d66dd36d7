def mean(values):
    # Return the average of the numbers in values.
    # Raise ValueError when values is empty.
    pass
