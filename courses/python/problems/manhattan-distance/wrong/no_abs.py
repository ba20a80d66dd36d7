# Subtracts without abs(), so a step to the left or down counts as
# negative distance.
def manhattan(p, q):
    px, py = p
    qx, qy = q
    return (qx - px) + (qy - py)
