# Sends k players from the front to the back before removing, so the
# player counted k stays and the one after them leaves.
from collections import deque


def elimination_order(n, k):
    circle = deque(range(1, n + 1))
    order = []
    while circle:
        for _ in range(k):
            circle.append(circle.popleft())
        order.append(circle.popleft())
    return order
