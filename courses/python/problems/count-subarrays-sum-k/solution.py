def count_subarrays(xs, k):
    seen = {0: 1}         # prefix sum -> how many prefixes have it (the empty prefix too)
    running = count = 0
    for x in xs:
        running += x
        # A subarray ending here sums to k when an earlier prefix was running - k.
        count += seen.get(running - k, 0)
        seen[running] = seen.get(running, 0) + 1
    return count
