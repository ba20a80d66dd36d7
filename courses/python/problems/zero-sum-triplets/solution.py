def zero_triplets(xs):
    xs = sorted(xs)
    n = len(xs)
    result = []
    for i in range(n - 2):
        if i > 0 and xs[i] == xs[i - 1]:
            continue                      # same smallest value as before
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
                while left < right and xs[left] == xs[left - 1]:
                    left += 1             # skip copies of the middle value
    return result
