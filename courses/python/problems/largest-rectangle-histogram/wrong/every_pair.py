# Tries every run of bars, keeping the running minimum: right answers,
# but about n * n / 2 steps, far too slow for 100,000 bars.
def largest_rectangle(heights):
    best = 0
    for start in range(len(heights)):
        lowest = heights[start]
        for end in range(start, len(heights)):
            lowest = min(lowest, heights[end])
            best = max(best, lowest * (end - start + 1))
    return best
