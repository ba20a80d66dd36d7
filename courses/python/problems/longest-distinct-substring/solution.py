def longest_distinct(s):
    last_seen = {}          # character -> index of its latest occurrence
    start = best = 0        # the window is s[start : i + 1]
    for i, ch in enumerate(s):
        if ch in last_seen and last_seen[ch] >= start:
            start = last_seen[ch] + 1
        last_seen[ch] = i
        best = max(best, i - start + 1)
    return best
