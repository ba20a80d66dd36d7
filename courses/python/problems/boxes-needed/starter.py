def boxes_needed(items, capacity):
    # Full boxes come from floor division; then decide whether one more,
    # partly filled box is needed.
    return 0
