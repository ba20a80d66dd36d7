# Never marks cells at all, so a trace may step back onto a cell it has
# already used.
def can_trace(board, word):
    rows, cols = len(board), len(board[0])

    def trace(r, c, k):
        if not (0 <= r < rows and 0 <= c < cols):
            return False
        if board[r][c] != word[k]:
            return False
        if k == len(word) - 1:
            return True
        return (trace(r + 1, c, k + 1) or trace(r - 1, c, k + 1)
                or trace(r, c + 1, k + 1) or trace(r, c - 1, k + 1))

    return any(trace(r, c, 0) for r in range(rows) for c in range(cols))
