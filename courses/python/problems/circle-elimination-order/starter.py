from collections import deque


def elimination_order(n, k):
    # A queue can model the circle: a player who is counted but does not
    # leave goes from the front to the back.
    return []
