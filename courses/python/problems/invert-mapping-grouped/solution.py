def invert(mapping):
    groups = {}
    for member, city in mapping.items():
        if city not in groups:
            groups[city] = []
        groups[city].append(member)
    for members in groups.values():
        members.sort()
    return groups
