def manhattan(p, q):
    px, py = p
    qx, qy = q
    return abs(px - qx) + abs(py - qy)
