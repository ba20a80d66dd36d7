# Checks that r + 1 and c + 1 stay inside the grid but forgets that r - 1
# and c - 1 can become -1, which Python reads as the last row or column.
def largest_island(grid):
    rows, cols = len(grid), len(grid[0])
    seen = set()

    def explore(r, c):
        if r >= rows or c >= cols or grid[r][c] != "1" or (r, c) in seen:
            return 0
        seen.add((r, c))
        return (1 + explore(r + 1, c) + explore(r - 1, c)
                + explore(r, c + 1) + explore(r, c - 1))

    best = 0
    for r in range(rows):
        for c in range(cols):
            best = max(best, explore(r, c))
    return best
