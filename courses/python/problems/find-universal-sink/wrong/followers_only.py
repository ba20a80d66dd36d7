# Checks that everyone follows the account but not that it follows nobody.
def find_sink(n, follows):
    followers = [0] * n
    for a, b in follows:
        followers[b] += 1
    for v in range(n):
        if followers[v] == n - 1:
            return v
    return -1
