def climb_ways(n):
    ways = [0] * (n + 1)
    ways[0] = 1
    for step in range(1, n + 1):
        ways[step] = sum(ways[step - stride] for stride in (1, 2, 3) if stride <= step)
    return ways[n]
