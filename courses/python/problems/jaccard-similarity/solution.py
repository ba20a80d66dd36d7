def jaccard(a, b):
    first, second = set(a), set(b)
    union = first | second
    if not union:
        return 1.0
    return len(first & second) / len(union)
