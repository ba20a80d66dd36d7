# Stores the current value before looking for its partner, so a value can
# be paired with itself (3 + 3 = 6 from a single 3).
def two_sum(nums, target):
    first_position = {}
    for j, value in enumerate(nums):
        if value not in first_position:
            first_position[value] = j
        partner = target - value
        if partner in first_position:
            return [first_position[partner], j]
    return []
