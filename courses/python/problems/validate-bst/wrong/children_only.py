# Checks each node only against its own two children, so a value deeper
# down that breaks an ancestor's rule goes unnoticed.
def is_valid_bst(root):
    if root is None:
        return True
    left, right = root["left"], root["right"]
    if left is not None and left["val"] >= root["val"]:
        return False
    if right is not None and right["val"] <= root["val"]:
        return False
    return is_valid_bst(left) and is_valid_bst(right)
