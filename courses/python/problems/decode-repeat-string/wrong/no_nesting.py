# Treats everything up to the next ']' as plain letters: no group inside a group.
def decode(s):
    out = []
    i = 0
    while i < len(s):
        if s[i].isdigit():
            j = i
            while s[j].isdigit():
                j += 1
            count = int(s[i:j])
            close = s.index("]", j)
            out.append(s[j + 1:close] * count)
            i = close + 1
        else:
            out.append(s[i])
            i += 1
    return "".join(out)
