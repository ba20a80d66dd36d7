# Reverses every group, including a last group that has fewer than k
# nodes, which the task says must stay as it is.
def reverse_in_groups(head, k):
    dummy = {"val": None, "next": head}
    before = dummy
    while before["next"] is not None:
        first = before["next"]
        previous, node, count = None, first, 0
        while node is not None and count < k:
            following = node["next"]
            node["next"] = previous
            previous, node = node, following
            count += 1
        first["next"] = node
        before["next"] = previous
        before = first
    return dummy["next"]
