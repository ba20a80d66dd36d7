def power(base, exponent):
    # Base case: which exponent can you answer without a recursive call?
    # Recursive case: use power(base, a smaller exponent).
    return 1
