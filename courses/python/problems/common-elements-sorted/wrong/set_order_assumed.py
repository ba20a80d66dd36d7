# Turns the set straight into a list, assuming a set keeps its values in
# ascending order; it does not (try negative numbers or 10 and 3).
def common_values(a, b):
    return list(set(a) & set(b))
