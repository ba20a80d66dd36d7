# Lets b start at 1, so every triple appears twice: as [3, 4, 5] and as
# [4, 3, 5].
def triples(n):
    root_of = {c * c: c for c in range(1, n + 1)}
    return [
        [a, b, root_of[a * a + b * b]]
        for a in range(1, n + 1)
        for b in range(1, n + 1)
        if a * a + b * b in root_of
    ]
