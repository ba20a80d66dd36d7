# Starts the table with 0 ways to climb zero steps, so every climb that
# ends exactly with its final stride loses the "do nothing" start.
def climb_ways(n):
    if n <= 2:
        return [0, 1, 2][n]
    ways = [0, 1, 2] + [0] * (n - 2)
    for step in range(3, n + 1):
        ways[step] = ways[step - 1] + ways[step - 2] + ways[step - 3]
    return ways[n]
