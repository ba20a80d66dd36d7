def middle_value(head):
    # A linked list has no len() and no indexes: you can only follow
    # "next" from node to node.
    return head["val"]
