# Never checks whether the value is already there: an equal value is
# sent to the right and inserted a second time.
def bst_insert(root, value):
    new = {"val": value, "left": None, "right": None}
    if root is None:
        return new
    node = root
    while True:
        side = "left" if value < node["val"] else "right"
        if node[side] is None:
            node[side] = new
            return root
        node = node[side]
