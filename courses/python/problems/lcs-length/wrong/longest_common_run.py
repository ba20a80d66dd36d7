# Measures the longest common substring (a contiguous run) instead of a
# subsequence: a mismatch resets the count to zero.
def lcs_length(a, b):
    best = 0
    previous = [0] * (len(b) + 1)
    for ch in a:
        row = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if ch == other:
                row[j] = previous[j - 1] + 1
                best = max(best, row[j])
        previous = row
    return best
