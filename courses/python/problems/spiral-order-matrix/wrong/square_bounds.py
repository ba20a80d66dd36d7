# Sets the right boundary from the number of rows, as if every matrix
# were square.
def spiral(matrix):
    result = []
    if not matrix:
        return result
    n = len(matrix)
    top, bottom = 0, n - 1
    left, right = 0, n - 1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            result.append(matrix[top][c])
        top += 1
        for r in range(top, bottom + 1):
            result.append(matrix[r][right])
        right -= 1
        if top <= bottom:
            for c in range(right, left - 1, -1):
                result.append(matrix[bottom][c])
            bottom -= 1
        if left <= right:
            for r in range(bottom, top - 1, -1):
                result.append(matrix[r][left])
            left += 1
    return result
