from collections import deque


def escape_steps(grid):
    # Explore the open cells outwards from (0, 0), one step at a time,
    # remembering the cells already reached.
    return -1
