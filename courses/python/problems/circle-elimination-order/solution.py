from collections import deque


def elimination_order(n, k):
    circle = deque(range(1, n + 1))
    order = []
    while circle:
        circle.rotate(-((k - 1) % len(circle)))
        order.append(circle.popleft())
    return order
