# Loops over the list of the current level while appending the children
# to that same list, so the loop also visits them: every level after the
# root is summed into one big total.
def level_sums(root):
    if root is None:
        return []
    sums = []
    queue = [root]
    while queue:
        total = 0
        for node in queue:
            total += node["val"]
            if node["left"] is not None:
                queue.append(node["left"])
            if node["right"] is not None:
                queue.append(node["right"])
        sums.append(total)
        queue = queue[len(queue):]
    return sums
