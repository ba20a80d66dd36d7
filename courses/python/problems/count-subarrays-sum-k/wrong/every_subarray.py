# Tries every start and every end: about n * n / 2 additions.
def count_subarrays(xs, k):
    count = 0
    for i in range(len(xs)):
        total = 0
        for j in range(i, len(xs)):
            total += xs[j]
            if total == k:
                count += 1
    return count
