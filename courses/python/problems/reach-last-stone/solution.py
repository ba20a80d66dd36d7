def can_cross(jumps):
    farthest = 0
    for i, reach in enumerate(jumps):
        if i > farthest:
            return False
        farthest = max(farthest, i + reach)
    return True
