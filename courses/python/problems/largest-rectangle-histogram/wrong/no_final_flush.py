# A monotonic stack, but the bars still on the stack after the loop are
# never measured: a histogram that only rises, such as [1, 2, 3, 4, 5],
# loses its best rectangles.
def largest_rectangle(heights):
    best = 0
    starts = []
    for i, h in enumerate(heights):
        while starts and heights[starts[-1]] >= h:
            top = starts.pop()
            left = starts[-1] + 1 if starts else 0
            best = max(best, heights[top] * (i - left))
        starts.append(i)
    return best
