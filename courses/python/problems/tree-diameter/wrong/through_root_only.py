# Assumes the longest path always bends at the root: the heights of the
# root's two subtrees added together.
def diameter(root):
    def height(node):
        if node is None:
            return 0
        return 1 + max(height(node["left"]), height(node["right"]))

    if root is None:
        return 0
    return height(root["left"]) + height(root["right"])
