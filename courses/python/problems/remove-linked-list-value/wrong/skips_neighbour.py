# Handles the head, but after unlinking a node it also moves on, so the
# node that slid into place is never checked: 6 → 6 keeps one 6.
def remove_all(head, target):
    while head is not None and head["val"] == target:
        head = head["next"]
    node = head
    while node is not None and node["next"] is not None:
        if node["next"]["val"] == target:
            node["next"] = node["next"]["next"]
        node = node["next"]
    return head
