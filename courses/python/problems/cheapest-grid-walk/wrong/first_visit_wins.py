# Breadth-first search that adds tolls along the first walk reaching each
# block: that walk has the fewest moves, not the lowest cost.
from collections import deque


def cheapest_walk(tolls):
    rows, cols = len(tolls), len(tolls[0])
    cost = {(0, 0): tolls[0][0]}
    queue = deque([(0, 0)])
    while queue:
        r, c = queue.popleft()
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and (nr, nc) not in cost:
                cost[(nr, nc)] = cost[(r, c)] + tolls[nr][nc]
                queue.append((nr, nc))
    return cost[(rows - 1, cols - 1)]
