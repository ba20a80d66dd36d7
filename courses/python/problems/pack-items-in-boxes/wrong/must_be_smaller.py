# Requires the item to be strictly smaller than the box, so an exact fit
# is rejected.
def max_packed(items, boxes):
    items = sorted(items)
    boxes = sorted(boxes)
    packed = 0
    for capacity in boxes:
        if packed < len(items) and items[packed] < capacity:
            packed += 1
    return packed
