def degrees(n, edges):
    # One counter per vertex; every edge touches two vertices.
    pass
