# Always records the root's level, so an empty tree gives [0] instead
# of [].
from collections import deque


def level_sums(root):
    sums = []
    level = deque([root])
    while level:
        total = 0
        for _ in range(len(level)):
            node = level.popleft()
            if node is None:
                continue
            total += node["val"]
            for child in (node["left"], node["right"]):
                if child is not None:
                    level.append(child)
        sums.append(total)
    return sums
