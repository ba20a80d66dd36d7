# Takes tasks from the END of the list, so the task that was put back
# last runs again at once: the list behaves as a stack, not a queue.
def round_robin(bursts, quantum):
    finish = [0] * len(bursts)
    line = [(i, need) for i, need in enumerate(bursts)]
    clock = 0
    while line:
        task, need = line.pop()
        run = min(quantum, need)
        clock += run
        if need > run:
            line.append((task, need - run))
        else:
            finish[task] = clock
    return finish
