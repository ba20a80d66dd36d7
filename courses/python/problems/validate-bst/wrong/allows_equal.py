# Uses the right idea (limits from the ancestors) but with non-strict
# comparisons, so repeated values are accepted.
def is_valid_bst(root):
    def within(node, low, high):
        if node is None:
            return True
        value = node["val"]
        if (low is not None and value < low) or (high is not None and value > high):
            return False
        return within(node["left"], low, value) and within(node["right"], value, high)

    return within(root, None, None)
