def collatz_steps(n):
    # Repeat the rule while n is not 1, counting each change.
    steps = 0
    return steps
