def chunks(xs, size):
    # Check size first. Then: where does each chunk start, and where does
    # it end?
    result = []
    return result
