# Starts with an empty set, so coming back to the starting point is not
# noticed.
def first_revisit(moves):
    steps = {"N": (0, 1), "S": (0, -1), "E": (1, 0), "W": (-1, 0)}
    x, y = 0, 0
    visited = set()
    for number, move in enumerate(moves, start=1):
        dx, dy = steps[move]
        x, y = x + dx, y + dy
        if (x, y) in visited:
            return number
        visited.add((x, y))
    return -1
