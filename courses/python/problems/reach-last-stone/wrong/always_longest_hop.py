# Always takes the longest hop available, which can land on a dead end
# that a shorter hop would have avoided.
def can_cross(jumps):
    i = 0
    last = len(jumps) - 1
    while i < last:
        if jumps[i] == 0:
            return False
        i += jumps[i]
    return True
