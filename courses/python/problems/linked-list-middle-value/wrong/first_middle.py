# Counts the nodes, then walks (count - 1) // 2 steps: right for odd
# lengths, but for an even length it stops at the FIRST middle node.
def middle_value(head):
    count = 0
    node = head
    while node is not None:
        count += 1
        node = node["next"]
    node = head
    for _ in range((count - 1) // 2):
        node = node["next"]
    return node["val"]
