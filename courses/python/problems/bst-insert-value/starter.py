def bst_insert(root, value):
    # Follow the same path a search for value would take; the new node
    # goes where that search falls off the tree.
    return root
