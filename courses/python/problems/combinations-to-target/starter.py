def combos(candidates, target):
    # Sort a copy, then build combinations left to right, never going back
    # to an earlier candidate.
    result = []
    return result
