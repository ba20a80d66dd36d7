import heapq


def merge_k_sorted(lists):
    # Heap entries: (value, which list, position in that list).
    fronts = [(xs[0], i, 0) for i, xs in enumerate(lists) if xs]
    heapq.heapify(fronts)
    merged = []
    while fronts:
        value, i, pos = fronts[0]
        merged.append(value)
        if pos + 1 < len(lists[i]):
            heapq.heapreplace(fronts, (lists[i][pos + 1], i, pos + 1))
        else:
            heapq.heappop(fronts)
    return merged
