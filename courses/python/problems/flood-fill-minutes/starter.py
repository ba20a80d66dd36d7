from collections import deque


def flood_minutes(grid):
    # All water cells start spreading at the same moment; track the minute
    # at which each dry cell first gets wet.
    return -1
