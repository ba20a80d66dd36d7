# Decides that a network without any follows cannot have a sink.
def find_sink(n, follows):
    if not follows:
        return -1
    followers = [0] * n
    following = [0] * n
    for a, b in follows:
        following[a] += 1
        followers[b] += 1
    for v in range(n):
        if followers[v] == n - 1 and following[v] == 0:
            return v
    return -1
