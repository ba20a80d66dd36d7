def smallest_divisor(n):
    # Try d = 2, 3, 4, ... and return the first one that divides n.
    # What should happen if none does?
    pass
