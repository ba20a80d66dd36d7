def largest_rectangle(heights):
    best = 0
    starts = []  # indices of bars with strictly increasing heights
    for i, h in enumerate(heights + [0]):
        while starts and heights[starts[-1]] >= h:
            top = starts.pop()
            left = starts[-1] + 1 if starts else 0
            best = max(best, heights[top] * (i - left))
        starts.append(i)
    return best
