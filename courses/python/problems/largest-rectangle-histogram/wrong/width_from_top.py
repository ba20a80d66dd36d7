# Measures the width from the popped bar itself instead of from the bar
# below it on the stack, so a tall bar's rectangle cannot reach back over
# taller bars that were popped earlier.
def largest_rectangle(heights):
    best = 0
    starts = []
    for i, h in enumerate(heights + [0]):
        while starts and heights[starts[-1]] >= h:
            top = starts.pop()
            best = max(best, heights[top] * (i - top))
        starts.append(i)
    return best
