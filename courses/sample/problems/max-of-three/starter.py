def largest(a, b, c):
    # Return the largest of a, b and c using if statements.
    return a
