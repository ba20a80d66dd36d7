# Treats only a node with no children as the end of the recursion, and
# never checks that a child exists: a node with one child makes it read
# a field of None.
def max_depth(root):
    if root is None:
        return 0
    if root["left"] is None and root["right"] is None:
        return 1
    return 1 + max(max_depth_node(root["left"]), max_depth_node(root["right"]))


def max_depth_node(node):
    if node["left"] is None and node["right"] is None:
        return 1
    return 1 + max(max_depth_node(node["left"]), max_depth_node(node["right"]))
