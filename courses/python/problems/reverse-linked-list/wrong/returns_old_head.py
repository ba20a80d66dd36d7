# Reverses the links correctly, then returns the original first node,
# which is now the LAST node of the reversed list.
def reverse_list(head):
    previous = None
    node = head
    while node is not None:
        following = node["next"]
        node["next"] = previous
        previous = node
        node = following
    return head
