# Reverses each full group, but the node before a group keeps pointing
# at the group's OLD first node (now its last), so the reversed group is
# cut off and only its last node stays reachable.
def reverse_in_groups(head, k):
    new_head = None
    before = None
    node = head
    while True:
        probe = node
        for _ in range(k):
            if probe is None:
                if new_head is None:
                    return head
                return new_head
            probe = probe["next"]
        first = node
        previous = probe
        for _ in range(k):
            following = node["next"]
            node["next"] = previous
            previous, node = node, following
        if new_head is None:
            new_head = previous
        else:
            before["next"] = first
        before = first
