def reverse_in_groups(head, k):
    # Handle one group at a time: check that k nodes are there, reverse
    # them, and connect the group to what comes before and after it.
    return head
