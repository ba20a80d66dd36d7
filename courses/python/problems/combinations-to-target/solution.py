def combos(candidates, target):
    values = sorted(candidates)
    result = []
    chosen = []

    def extend(start, remaining):
        if remaining == 0:
            result.append(chosen[:])
            return
        for i in range(start, len(values)):
            if values[i] > remaining:
                break
            chosen.append(values[i])
            extend(i + 1, remaining - values[i])
            chosen.pop()

    extend(0, target)
    return result
