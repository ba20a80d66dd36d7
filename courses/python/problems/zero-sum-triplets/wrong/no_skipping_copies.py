# Sort + two pointers, but repeated values are not skipped, so the same
# triplet is reported more than once.
def zero_triplets(xs):
    xs = sorted(xs)
    n = len(xs)
    result = []
    for i in range(n - 2):
        left, right = i + 1, n - 1
        while left < right:
            s = xs[i] + xs[left] + xs[right]
            if s < 0:
                left += 1
            elif s > 0:
                right -= 1
            else:
                result.append([xs[i], xs[left], xs[right]])
                left += 1
                right -= 1
    return result
