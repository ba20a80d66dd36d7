# Recurses into the correct subtree but ignores the subtree root that the
# call returns, so a removal that replaces a child node never reaches its
# parent; only changes made inside existing nodes survive.
def bst_delete(root, value):
    if root is None:
        return None
    if value < root["val"]:
        bst_delete(root["left"], value)
        return root
    if value > root["val"]:
        bst_delete(root["right"], value)
        return root
    if root["left"] is None:
        return root["right"]
    if root["right"] is None:
        return root["left"]
    successor = root["right"]
    while successor["left"] is not None:
        successor = successor["left"]
    root["val"] = successor["val"]
    root["right"] = bst_delete(root["right"], successor["val"])
    return root
