from collections import deque


def round_robin(bursts, quantum):
    finish = [0] * len(bursts)
    line = deque((i, need) for i, need in enumerate(bursts))
    clock = 0
    while line:
        task, need = line.popleft()
        run = min(quantum, need)
        clock += run
        if need > run:
            line.append((task, need - run))
        else:
            finish[task] = clock
    return finish
