def boxes_needed(items, capacity):
    # Adding capacity - 1 before the floor division rounds up, and it
    # stays in whole numbers however large items is.
    return (items + capacity - 1) // capacity
