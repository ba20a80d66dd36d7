# Pre-builds the answer with [[0] * cols] * rows; all rows are the same
# list, so every row ends up equal to the last one written.
def neighbour_counts(grid):
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    counts = [[0] * cols] * rows
    for r in range(rows):
        for c in range(cols):
            total = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if dr == 0 and dc == 0:
                        continue
                    nr, nc = r + dr, c + dc
                    if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == "#":
                        total += 1
            counts[r][c] = total
    return counts
