# Unpacks fine, then pairs the x of one point with the y of the other.
def manhattan(p, q):
    px, py = p
    qx, qy = q
    return abs(px - qy) + abs(py - qx)
