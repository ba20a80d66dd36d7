# Finds the right path but counts its nodes instead of its edges, so
# every non-empty answer is one too large.
def diameter(root):
    best = 0

    def height(node):
        nonlocal best
        if node is None:
            return 0
        left = height(node["left"])
        right = height(node["right"])
        best = max(best, left + right + 1)
        return 1 + max(left, right)

    height(root)
    return best
