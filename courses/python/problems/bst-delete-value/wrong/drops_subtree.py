# Removes a node with one child by cutting it off together with that
# child, so the child's whole subtree disappears from the tree.
def bst_delete(root, value):
    if root is None:
        return None
    if value < root["val"]:
        root["left"] = bst_delete(root["left"], value)
        return root
    if value > root["val"]:
        root["right"] = bst_delete(root["right"], value)
        return root
    if root["left"] is None or root["right"] is None:
        return None
    successor = root["right"]
    while successor["left"] is not None:
        successor = successor["left"]
    root["val"] = successor["val"]
    root["right"] = bst_delete(root["right"], successor["val"])
    return root
