# Correct recursion without a memo: the same sub-grids are counted again
# and again, so the number of calls grows exponentially.
def paths(rows, cols):
    if rows == 1 or cols == 1:
        return 1
    return paths(rows - 1, cols) + paths(rows, cols - 1)
