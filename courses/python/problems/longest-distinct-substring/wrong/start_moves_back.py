# Jumps the window start past the previous copy even when that copy is
# already outside the window, which can move the start backwards.
def longest_distinct(s):
    last_seen = {}
    start = best = 0
    for i, ch in enumerate(s):
        if ch in last_seen:
            start = last_seen[ch] + 1
        last_seen[ch] = i
        best = max(best, i - start + 1)
    return best
