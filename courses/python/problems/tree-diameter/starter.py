def diameter(root):
    # The longest path bends at exactly one node (its highest node).
    # What do you need to know about that node's two subtrees?
    return 0
