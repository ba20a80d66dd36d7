# Turns the link around before remembering where the rest of the list
# is, so the walk stops after the first node and the rest is lost.
def reverse_list(head):
    previous = None
    node = head
    while node is not None:
        node["next"] = previous
        previous = node
        node = node["next"]
    return previous
