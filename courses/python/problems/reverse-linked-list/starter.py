def reverse_list(head):
    # Walk the list once and turn each node's "next" around; think about
    # what you must remember before you change a "next".
    return head
