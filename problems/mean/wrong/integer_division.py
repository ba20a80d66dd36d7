# Floor division loses the fraction; the empty list divides by zero.
def mean(values):
    return sum(values) // len(values)
