def neighbour_counts(grid):
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    offsets = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]
    counts = []
    for r in range(rows):
        row_counts = []
        for c in range(cols):
            total = 0
            for dr, dc in offsets:
                nr, nc = r + dr, c + dc
                if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == "#":
                    total += 1
            row_counts.append(total)
        counts.append(row_counts)
    return counts
