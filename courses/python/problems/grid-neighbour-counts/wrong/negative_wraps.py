# Checks only the upper bounds. A neighbour at row or column -1 is not
# rejected, and Python reads it from the opposite edge of the grid.
def neighbour_counts(grid):
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    counts = []
    for r in range(rows):
        row_counts = []
        for c in range(cols):
            total = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if dr == 0 and dc == 0:
                        continue
                    nr, nc = r + dr, c + dc
                    if nr < rows and nc < cols and grid[nr][nc] == "#":
                        total += 1
            row_counts.append(total)
        counts.append(row_counts)
    return counts
