def chunks(xs, size):
    if size <= 0:
        raise ValueError("size must be positive")
    result = []
    for start in range(0, len(xs), size):
        result.append(xs[start:start + size])
    return result
