# Lets a path end wherever a child is missing, so a node with only one
# child counts as a leaf (and an empty tree matches a target of 0).
def has_path_sum(root, target):
    if root is None:
        return target == 0
    remaining = target - root["val"]
    return (has_path_sum(root["left"], remaining)
            or has_path_sum(root["right"], remaining))
