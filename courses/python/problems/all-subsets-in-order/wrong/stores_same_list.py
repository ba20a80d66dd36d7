# Appends the working list itself instead of a copy; it is emptied again
# by the undo steps, so every stored subset ends up as the same empty list.
def subsets(nums):
    result = []
    chosen = []

    def decide(i):
        if i == len(nums):
            result.append(chosen)
            return
        decide(i + 1)
        chosen.append(nums[i])
        decide(i + 1)
        chosen.pop()

    decide(0)
    return result
