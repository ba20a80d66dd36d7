# Removes matching nodes that come after the head, but the head itself
# has no node before it and is never checked.
def remove_all(head, target):
    if head is None:
        return None
    node = head
    while node["next"] is not None:
        if node["next"]["val"] == target:
            node["next"] = node["next"]["next"]
        else:
            node = node["next"]
    return head
