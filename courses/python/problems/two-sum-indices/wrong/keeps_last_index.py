# Overwrites the stored position of a value each time it recurs, so the
# partner found is the latest copy, not the first one.
def two_sum(nums, target):
    position = {}
    for j, value in enumerate(nums):
        partner = target - value
        if partner in position:
            return [position[partner], j]
        position[value] = j
    return []
