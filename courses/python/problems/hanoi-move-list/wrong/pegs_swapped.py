# The first recursive call sends the smaller disks to the target peg instead
# of the spare one, so the largest disk has nowhere to go.
def hanoi_moves(n):
    moves = []

    def move(k, source, target, spare):
        if k == 0:
            return
        move(k - 1, source, target, spare)
        moves.append([source, target])
        move(k - 1, spare, target, source)

    move(n, 1, 3, 2)
    return moves
