# Counts edges instead of nodes: a single node gets depth 0 and every
# other answer is one too small.
def max_depth(root):
    if root is None:
        return 0
    if root["left"] is None and root["right"] is None:
        return 0
    return 1 + max(max_depth(root["left"]), max_depth(root["right"]))
