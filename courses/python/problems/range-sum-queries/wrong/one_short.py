# With prefix[i] = sum of the first i elements, prefix[r] - prefix[l]
# leaves out xs[r].
def range_sums(xs, queries):
    prefix = [0]
    for x in xs:
        prefix.append(prefix[-1] + x)
    return [prefix[r] - prefix[l] for l, r in queries]
