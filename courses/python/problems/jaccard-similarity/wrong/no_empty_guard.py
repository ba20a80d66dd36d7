# Forgets the case where both lists are empty: the union is empty and the
# division fails.
def jaccard(a, b):
    first, second = set(a), set(b)
    return len(first & second) / len(first | second)
