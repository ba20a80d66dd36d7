# Stores a fresh one-element list for every member, so a city keeps only
# the member seen last.
def invert(mapping):
    groups = {}
    for member, city in mapping.items():
        groups[city] = [member]
    return groups
