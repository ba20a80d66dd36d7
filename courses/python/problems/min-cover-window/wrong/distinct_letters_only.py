# Requires each distinct pattern character once, forgetting how many times
# the pattern repeats it.
def min_window(s, pattern):
    need = set(pattern)
    have = {}
    best = ""
    left = 0
    for right, ch in enumerate(s):
        have[ch] = have.get(ch, 0) + 1
        while all(have.get(c, 0) > 0 for c in need):
            if best == "" or right - left + 1 < len(best):
                best = s[left:right + 1]
            have[s[left]] -= 1
            left += 1
    return best
