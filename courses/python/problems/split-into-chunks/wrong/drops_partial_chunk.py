# Counts only the full chunks, so the leftover elements at the end are lost.
def chunks(xs, size):
    if size <= 0:
        raise ValueError("size must be positive")
    result = []
    for number in range(len(xs) // size):
        start = number * size
        result.append(xs[start:start + size])
    return result
