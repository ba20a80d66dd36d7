# On a repeat it throws the whole window away and restarts at the current
# character, losing the characters between the two copies.
def longest_distinct(s):
    window = set()
    best = 0
    for ch in s:
        if ch in window:
            window = set()
        window.add(ch)
        best = max(best, len(window))
    return best
