# Gives the right answers, but searches a list of all earlier points after
# every move: quadratic time on long walks.
def first_revisit(moves):
    x, y = 0, 0
    visited = [[0, 0]]
    number = 0
    for move in moves:
        number += 1
        if move == "N":
            y += 1
        elif move == "S":
            y -= 1
        elif move == "E":
            x += 1
        else:
            x -= 1
        if [x, y] in visited:
            return number
        visited.append([x, y])
    return -1
