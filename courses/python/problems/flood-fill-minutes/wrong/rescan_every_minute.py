# Simulates minute by minute, rescanning the whole grid each minute.
# Correct, but on a long winding valley it rescans the grid thousands of
# times.
def flood_minutes(grid):
    rows, cols = len(grid), len(grid[0])
    cells = [list(row) for row in grid]
    minutes = 0
    while True:
        newly_wet = []
        dry_left = 0
        for r in range(rows):
            for c in range(cols):
                if cells[r][c] != ".":
                    continue
                dry_left += 1
                for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                    if 0 <= nr < rows and 0 <= nc < cols and cells[nr][nc] == "W":
                        newly_wet.append((r, c))
                        break
        if dry_left == 0:
            return minutes
        if not newly_wet:
            return -1
        for r, c in newly_wet:
            cells[r][c] = "W"
        minutes += 1
