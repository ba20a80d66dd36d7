# Matches items and boxes in the order they are given, as if both lists
# were already sorted.
def max_packed(items, boxes):
    packed = 0
    for capacity in boxes:
        if packed < len(items) and items[packed] <= capacity:
            packed += 1
    return packed
