def diameter(root):
    best = 0

    def height(node):
        """Number of nodes on the longest downward path from node."""
        nonlocal best
        if node is None:
            return 0
        left = height(node["left"])
        right = height(node["right"])
        best = max(best, left + right)  # edges of the path bending here
        return 1 + max(left, right)

    height(root)
    return best
