def spiral(matrix):
    # Keep four boundaries (top, bottom, left, right) of the part not yet
    # read, and shrink them as you walk each side.
    result = []
    return result
