# Checks the walls of the cells it steps into but never looks at the start
# cell, so a maze whose start is a wall is still solved.
from collections import deque


def escape_steps(grid):
    rows, cols = len(grid), len(grid[0])
    steps = {(0, 0): 0}
    queue = deque([(0, 0)])
    while queue:
        r, c = queue.popleft()
        if (r, c) == (rows - 1, cols - 1):
            return steps[(r, c)]
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if (0 <= nr < rows and 0 <= nc < cols
                    and grid[nr][nc] == "." and (nr, nc) not in steps):
                steps[(nr, nc)] = steps[(r, c)] + 1
                queue.append((nr, nc))
    return -1
