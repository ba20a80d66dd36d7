# The right recurrence without memory: each mismatch branches twice, and
# the same pair of suffixes is solved over and over.
def lcs_length(a, b):
    def solve(i, j):
        if i == len(a) or j == len(b):
            return 0
        if a[i] == b[j]:
            return 1 + solve(i + 1, j + 1)
        return max(solve(i + 1, j), solve(i, j + 1))

    return solve(0, 0)
