def digit_sum(n):
    # Base case: a number that is a single digit.
    # Recursive case: the last digit plus the digit sum of the rest.
    pass
