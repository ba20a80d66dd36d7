from collections import deque


def level_sums(root):
    # Visit the tree level by level; you need to know where one level
    # ends and the next begins.
    return []
