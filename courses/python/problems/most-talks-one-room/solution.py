def most_talks(talks):
    count = 0
    free_from = None
    for start, end in sorted(talks, key=lambda talk: talk[1]):
        if free_from is None or start >= free_from:
            count += 1
            free_from = end
    return count
