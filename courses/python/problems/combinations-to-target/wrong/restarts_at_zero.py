# Tries every unused candidate at every step, starting from the first
# one each time, so the same set comes out once per ordering.
def combos(candidates, target):
    values = sorted(candidates)
    result = []
    chosen = []
    used = [False] * len(values)

    def extend(remaining):
        if remaining == 0:
            result.append(chosen[:])
            return
        for i in range(len(values)):
            if used[i] or values[i] > remaining:
                continue
            used[i] = True
            chosen.append(values[i])
            extend(remaining - values[i])
            chosen.pop()
            used[i] = False

    extend(target)
    return result
