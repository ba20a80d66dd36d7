def reverse_in_groups(head, k):
    dummy = {"val": None, "next": head}
    before = dummy  # the node just before the group being handled
    while True:
        # Is there a full group after `before`?
        probe = before
        for _ in range(k):
            probe = probe["next"]
            if probe is None:
                return dummy["next"]
        first = before["next"]
        after = probe["next"]
        # Reverse the k nodes first .. probe, hanging them in front of `after`.
        previous, node = after, first
        for _ in range(k):
            following = node["next"]
            node["next"] = previous
            previous, node = node, following
        before["next"] = previous  # the old last node leads the group now
        before = first             # the old first node ends the group now
