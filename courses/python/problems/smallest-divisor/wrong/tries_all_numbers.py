# Correct, but for a large prime it tries every number up to n.
def smallest_divisor(n):
    for d in range(2, n + 1):
        if n % d == 0:
            return d
