# Forgets the empty prefix (sum 0), so subarrays that start at index 0 are missed.
def count_subarrays(xs, k):
    seen = {}
    running = count = 0
    for x in xs:
        running += x
        count += seen.get(running - k, 0)
        seen[running] = seen.get(running, 0) + 1
    return count
