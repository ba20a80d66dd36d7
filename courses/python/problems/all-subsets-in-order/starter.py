def subsets(nums):
    # For each element in turn, decide: leave it out or take it.
    result = []
    return result
