# Tries every triple of positions: correct, but about n**3 / 6 triples.
from itertools import combinations


def zero_triplets(xs):
    found = set()
    for a, b, c in combinations(sorted(xs), 3):
        if a + b + c == 0:
            found.add((a, b, c))
    return [list(t) for t in sorted(found)]
