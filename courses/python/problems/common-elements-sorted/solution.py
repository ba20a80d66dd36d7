def common_values(a, b):
    shared = set(a) & set(b)
    return sorted(shared)
