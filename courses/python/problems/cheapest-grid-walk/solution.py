import heapq


def cheapest_walk(tolls):
    rows, cols = len(tolls), len(tolls[0])
    best = [[None] * cols for _ in range(rows)]
    best[0][0] = tolls[0][0]
    heap = [(tolls[0][0], 0, 0)]
    while heap:
        cost, r, c = heapq.heappop(heap)
        if cost > best[r][c]:
            continue
        if (r, c) == (rows - 1, cols - 1):
            return cost
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols:
                new_cost = cost + tolls[nr][nc]
                if best[nr][nc] is None or new_cost < best[nr][nc]:
                    best[nr][nc] = new_cost
                    heapq.heappush(heap, (new_cost, nr, nc))
    return best[rows - 1][cols - 1]
