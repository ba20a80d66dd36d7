def can_trace(board, word):
    rows, cols = len(board), len(board[0])
    in_use = [[False] * cols for _ in range(rows)]

    def trace(r, c, k):
        if not (0 <= r < rows and 0 <= c < cols):
            return False
        if in_use[r][c] or board[r][c] != word[k]:
            return False
        if k == len(word) - 1:
            return True
        in_use[r][c] = True
        found = (trace(r + 1, c, k + 1) or trace(r - 1, c, k + 1)
                 or trace(r, c + 1, k + 1) or trace(r, c - 1, k + 1))
        in_use[r][c] = False
        return found

    return any(trace(r, c, 0) for r in range(rows) for c in range(cols))
