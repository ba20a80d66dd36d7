# Joins cells that touch at a corner as well, so diagonal chains of land
# become one island.
def largest_island(grid):
    rows, cols = len(grid), len(grid[0])
    seen = set()

    def explore(r, c):
        seen.add((r, c))
        area = 1
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                nr, nc = r + dr, c + dc
                if (0 <= nr < rows and 0 <= nc < cols
                        and grid[nr][nc] == "1" and (nr, nc) not in seen):
                    area += explore(nr, nc)
        return area

    best = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "1" and (r, c) not in seen:
                best = max(best, explore(r, c))
    return best
