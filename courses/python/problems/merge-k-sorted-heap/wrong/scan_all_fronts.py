# Correct order, but finds the smallest front by looking at every list
# for every output value: far too slow with thousands of lists.
def merge_k_sorted(lists):
    positions = [0] * len(lists)
    merged = []
    while True:
        best = -1
        for i, xs in enumerate(lists):
            if positions[i] < len(xs) and (best < 0 or xs[positions[i]] < lists[best][positions[best]]):
                best = i
        if best < 0:
            return merged
        merged.append(lists[best][positions[best]])
        positions[best] += 1
