# Starts the heap with the first value of every inner list, which fails
# as soon as one of the inner lists is empty.
import heapq


def merge_k_sorted(lists):
    fronts = [(xs[0], i, 0) for i, xs in enumerate(lists)]
    heapq.heapify(fronts)
    merged = []
    while fronts:
        value, i, pos = heapq.heappop(fronts)
        merged.append(value)
        if pos + 1 < len(lists[i]):
            heapq.heappush(fronts, (lists[i][pos + 1], i, pos + 1))
    return merged
