# Creates the result with [[0] * rows] * cols: every row is the same list
# object, so each write shows up in all rows.
def transpose(matrix):
    if not matrix:
        return []
    rows, cols = len(matrix), len(matrix[0])
    result = [[0] * rows] * cols
    for r in range(rows):
        for c in range(cols):
            result[c][r] = matrix[r][c]
    return result
