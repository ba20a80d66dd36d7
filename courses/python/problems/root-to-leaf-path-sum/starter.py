def has_path_sum(root, target):
    # As you go down, how does the sum that is still needed change?
    # Decide exactly where a path is allowed to end.
    return False
