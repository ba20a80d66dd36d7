def remove_all(head, target):
    dummy = {"val": None, "next": head}
    node = dummy
    while node["next"] is not None:
        if node["next"]["val"] == target:
            node["next"] = node["next"]["next"]
        else:
            node = node["next"]
    return dummy["next"]
