def two_sum(nums, target):
    first_position = {}
    for j, value in enumerate(nums):
        partner = target - value
        if partner in first_position:
            return [first_position[partner], j]
        if value not in first_position:
            first_position[value] = j
    return []
