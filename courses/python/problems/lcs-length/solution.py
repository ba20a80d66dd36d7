def lcs_length(a, b):
    # row[j] holds the answer for the current prefix of a and b[:j].
    previous = [0] * (len(b) + 1)
    for ch in a:
        row = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if ch == other:
                row[j] = previous[j - 1] + 1
            else:
                row[j] = max(previous[j], row[j - 1])
        previous = row
    return previous[-1]
