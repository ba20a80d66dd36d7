def paths(rows, cols):
    known = {}

    def count(r, c):
        if r == 1 or c == 1:
            return 1
        if (r, c) not in known:
            known[(r, c)] = count(r - 1, c) + count(r, c - 1)
        return known[(r, c)]

    return count(rows, cols)
