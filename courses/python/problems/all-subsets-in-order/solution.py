def subsets(nums):
    result = []
    chosen = []

    def decide(i):
        if i == len(nums):
            result.append(chosen[:])
            return
        decide(i + 1)
        chosen.append(nums[i])
        decide(i + 1)
        chosen.pop()

    decide(0)
    return result
