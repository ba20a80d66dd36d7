# Works for every non-empty tree, but an empty tree (None) crashes when
# the root's value is read.
def bst_insert(root, value):
    node = root
    while node["val"] != value:
        side = "left" if value < node["val"] else "right"
        if node[side] is None:
            node[side] = {"val": value, "left": None, "right": None}
            break
        node = node[side]
    return root
