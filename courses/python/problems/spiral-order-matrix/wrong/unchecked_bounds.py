# Walks all four sides on every lap without checking that rows and
# columns are left after the first two sides, so a leftover single row or
# column is read twice.
def spiral(matrix):
    result = []
    if not matrix:
        return result
    top, bottom = 0, len(matrix) - 1
    left, right = 0, len(matrix[0]) - 1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            result.append(matrix[top][c])
        top += 1
        for r in range(top, bottom + 1):
            result.append(matrix[r][right])
        right -= 1
        for c in range(right, left - 1, -1):
            result.append(matrix[bottom][c])
        bottom -= 1
        for r in range(bottom, top - 1, -1):
            result.append(matrix[r][left])
        left += 1
    return result
