def bst_delete(root, value):
    # A recursive function that returns the new root of the subtree it
    # was given makes relinking easy: the parent stores whatever comes
    # back.
    return root
