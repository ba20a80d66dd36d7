# Uses one visited set and calls any arrow into a visited task a cycle.
# Two routes that meet again (a diamond) are reported as a cycle.
def can_finish(n, rules):
    after = [[] for _ in range(n)]
    for a, b in rules:
        after[a].append(b)
    visited = set()

    def has_cycle(u):
        visited.add(u)
        for v in after[u]:
            if v in visited or has_cycle(v):
                return True
        return False

    for task in range(n):
        if task not in visited and has_cycle(task):
            return False
    return True
