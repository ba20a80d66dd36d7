# Treats the slice end as inclusive, so each chunk loses its last element.
def chunks(xs, size):
    if size <= 0:
        raise ValueError("size must be positive")
    result = []
    for start in range(0, len(xs), size):
        result.append(xs[start:start + size - 1])
    return result
