def hanoi_moves(n):
    moves = []
    # A helper move(k, source, target, spare) that appends the moves for
    # k disks makes the recursion easy to express.
    return moves
