def max_packed(items, boxes):
    # Which item should the smallest box try to take?
    return 0
