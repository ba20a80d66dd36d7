def range_sums(xs, queries):
    # prefix[i] is the sum of the first i elements, xs[0] .. xs[i - 1].
    prefix = [0]
    for x in xs:
        prefix.append(prefix[-1] + x)
    return [prefix[r + 1] - prefix[l] for l, r in queries]
