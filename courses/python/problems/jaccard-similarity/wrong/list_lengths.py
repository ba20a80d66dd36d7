# Computes the union size from the list lengths, so repeated tags are
# counted several times.
def jaccard(a, b):
    if not a and not b:
        return 1.0
    shared = len(set(a) & set(b))
    return shared / (len(a) + len(b) - shared)
