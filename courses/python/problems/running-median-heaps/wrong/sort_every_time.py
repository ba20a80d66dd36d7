# Correct medians, but sorts everything seen so far after every arrival:
# far too slow for tens of thousands of numbers.
def running_medians(nums):
    seen = []
    medians = []
    for x in nums:
        seen.append(x)
        ordered = sorted(seen)
        n = len(ordered)
        if n % 2 == 1:
            medians.append(float(ordered[n // 2]))
        else:
            medians.append((ordered[n // 2 - 1] + ordered[n // 2]) / 2)
    return medians
