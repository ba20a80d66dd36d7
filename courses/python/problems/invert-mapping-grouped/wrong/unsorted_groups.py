# Collects every member, but keeps them in input order instead of sorting.
def invert(mapping):
    groups = {}
    for member, city in mapping.items():
        if city not in groups:
            groups[city] = []
        groups[city].append(member)
    return groups
