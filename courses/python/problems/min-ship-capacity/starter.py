def min_capacity(weights, days):
    # First write a helper: how many days does a given capacity need?
    # Then search for the smallest capacity that needs at most `days`.
    pass
