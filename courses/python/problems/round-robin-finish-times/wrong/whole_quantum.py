# Advances the clock by a full quantum even when the task needs less and
# finishes early, so later finish times are too large.
from collections import deque


def round_robin(bursts, quantum):
    finish = [0] * len(bursts)
    line = deque((i, need) for i, need in enumerate(bursts))
    clock = 0
    while line:
        task, need = line.popleft()
        clock += quantum
        if need > quantum:
            line.append((task, need - quantum))
        else:
            finish[task] = clock
    return finish
