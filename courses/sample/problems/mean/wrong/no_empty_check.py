# Divides by the length without checking it: the empty list divides by zero.
def mean(values):
    return sum(values) / len(values)
