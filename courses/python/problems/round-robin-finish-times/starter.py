from collections import deque


def round_robin(bursts, quantum):
    # Keep the waiting tasks in a queue, together with the time each one
    # still needs, and a clock that only moves forward.
    return []
