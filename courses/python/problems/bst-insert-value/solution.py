def bst_insert(root, value):
    new = {"val": value, "left": None, "right": None}
    if root is None:
        return new
    node = root
    while node["val"] != value:
        side = "left" if value < node["val"] else "right"
        if node[side] is None:
            node[side] = new
            break
        node = node[side]
    return root
