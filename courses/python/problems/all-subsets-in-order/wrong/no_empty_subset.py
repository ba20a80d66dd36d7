# Builds subsets by extending the ones found so far, but starts from the
# single-element subsets, so the empty subset is never produced.
def subsets(nums):
    result = []
    for x in nums:
        result += [subset + [x] for subset in result]
        result.append([x])
    return result
