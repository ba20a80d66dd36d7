# Uses the number of rows for both dimensions, which only works for
# square matrices.
def transpose(matrix):
    n = len(matrix)
    result = []
    for c in range(n):
        new_row = []
        for r in range(n):
            new_row.append(matrix[r][c])
        result.append(new_row)
    return result
