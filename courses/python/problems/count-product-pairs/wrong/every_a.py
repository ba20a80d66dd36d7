# Correct count, but one step for every a from 1 to n: far too slow for n = 10**12.
def count_pairs(n):
    total = 0
    for a in range(1, n + 1):
        total += n // a
    return total
