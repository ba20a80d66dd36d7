def bst_delete(root, value):
    if root is None:
        return None
    if value < root["val"]:
        root["left"] = bst_delete(root["left"], value)
        return root
    if value > root["val"]:
        root["right"] = bst_delete(root["right"], value)
        return root
    # root holds the value
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
