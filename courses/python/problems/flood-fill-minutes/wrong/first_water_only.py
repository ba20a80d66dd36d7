# Starts the search from the first water cell it finds and ignores the
# others, as if the flood had a single source.
from collections import deque


def flood_minutes(grid):
    rows, cols = len(grid), len(grid[0])
    minute = [[-1] * cols for _ in range(rows)]
    queue = deque()
    dry = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "W" and not queue:
                minute[r][c] = 0
                queue.append((r, c))
            elif grid[r][c] == ".":
                dry += 1
    last = 0
    while queue:
        r, c = queue.popleft()
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if (0 <= nr < rows and 0 <= nc < cols
                    and grid[nr][nc] == "." and minute[nr][nc] == -1):
                minute[nr][nc] = minute[r][c] + 1
                last = minute[nr][nc]
                dry -= 1
                queue.append((nr, nc))
    return last if dry == 0 else -1
