from collections import deque


def level_sums(root):
    sums = []
    level = deque([root] if root is not None else [])
    while level:
        total = 0
        for _ in range(len(level)):
            node = level.popleft()
            total += node["val"]
            for child in (node["left"], node["right"]):
                if child is not None:
                    level.append(child)
        sums.append(total)
    return sums
