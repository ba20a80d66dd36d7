# Walks down to the empty spot and assigns the new node to a local name.
# That rebinds the name only; the parent's "left"/"right" still holds
# None, so the tree never changes.
def bst_insert(root, value):
    if root is None:
        return {"val": value, "left": None, "right": None}
    node = root
    while node is not None and node["val"] != value:
        if value < node["val"]:
            node = node["left"]
        else:
            node = node["right"]
    if node is None:
        node = {"val": value, "left": None, "right": None}
    return root
