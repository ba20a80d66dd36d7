def two_sum(nums, target):
    # Walk the list once. For the value at j, which partner would you need,
    # and how can you know instantly where (and whether) you saw it?
    return []
