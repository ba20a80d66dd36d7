def neighbour_counts(grid):
    # For every cell, look at the eight offsets around it and count the
    # marked cells that are inside the grid.
    return []
