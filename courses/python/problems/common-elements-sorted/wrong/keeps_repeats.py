# Keeps a value once for every time it occurs in a, so repeats survive.
def common_values(a, b):
    in_b = set(b)
    result = []
    for x in a:
        if x in in_b:
            result.append(x)
    return sorted(result)
