# Looks for a cycle only among the tasks reachable from task 0.
NEW, ON_PATH, DONE = 0, 1, 2


def can_finish(n, rules):
    after = [[] for _ in range(n)]
    for a, b in rules:
        after[a].append(b)
    state = [NEW] * n

    def has_cycle(u):
        state[u] = ON_PATH
        for v in after[u]:
            if state[v] == ON_PATH:
                return True
            if state[v] == NEW and has_cycle(v):
                return True
        state[u] = DONE
        return False

    return not has_cycle(0)
