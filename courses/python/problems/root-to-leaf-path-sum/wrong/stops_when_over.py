# Gives up on a path as soon as its running sum passes the target,
# which is only safe when no negative values can follow.
def has_path_sum(root, target):
    def search(node, total):
        total += node["val"]
        if total > target:
            return False
        if node["left"] is None and node["right"] is None:
            return total == target
        return any(search(child, total)
                   for child in (node["left"], node["right"])
                   if child is not None)
    return root is not None and search(root, 0)
