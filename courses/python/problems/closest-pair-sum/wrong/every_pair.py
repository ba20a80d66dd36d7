# Tries all pairs: correct, but about n * n / 2 sums for n numbers.
def closest_pair_sum(xs, target):
    best = xs[0] + xs[1]
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            s = xs[i] + xs[j]
            if abs(s - target) < abs(best - target) or (
                abs(s - target) == abs(best - target) and s < best
            ):
                best = s
    return best
