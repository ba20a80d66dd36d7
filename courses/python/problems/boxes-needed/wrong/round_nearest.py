# round() goes to the nearest whole number, so 7 / 3 = 2.33 becomes 2.
def boxes_needed(items, capacity):
    return round(items / capacity)
