# Marks a cell as seen only when it is taken out of the queue, so the same
# cell is queued again by every neighbour reached before it: on open
# grids the queue explodes.
from collections import deque


def escape_steps(grid):
    rows, cols = len(grid), len(grid[0])
    if grid[0][0] == "#" or grid[rows - 1][cols - 1] == "#":
        return -1
    seen = set()
    queue = deque([(0, 0, 0)])
    while queue:
        r, c, d = queue.popleft()
        seen.add((r, c))
        if (r, c) == (rows - 1, cols - 1):
            return d
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if (0 <= nr < rows and 0 <= nc < cols
                    and grid[nr][nc] == "." and (nr, nc) not in seen):
                queue.append((nr, nc, d + 1))
    return -1
