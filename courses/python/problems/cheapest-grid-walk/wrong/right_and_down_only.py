# A table that only looks at the block above and the block to the left,
# so walks that move up or left are never considered.
def cheapest_walk(tolls):
    rows, cols = len(tolls), len(tolls[0])
    best = [[0] * cols for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            if r == 0 and c == 0:
                best[r][c] = tolls[0][0]
            elif r == 0:
                best[r][c] = best[r][c - 1] + tolls[r][c]
            elif c == 0:
                best[r][c] = best[r - 1][c] + tolls[r][c]
            else:
                best[r][c] = min(best[r - 1][c], best[r][c - 1]) + tolls[r][c]
    return best[rows - 1][cols - 1]
