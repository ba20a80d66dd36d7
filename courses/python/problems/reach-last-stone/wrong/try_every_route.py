# Tries every hop from every stone without remembering stones already
# known to be dead ends: correct, but exponential on long rivers.
def can_cross(jumps):
    last = len(jumps) - 1

    def from_stone(i):
        if i >= last:
            return True
        for step in range(jumps[i], 0, -1):
            if from_stone(i + step):
                return True
        return False

    return from_stone(0)
