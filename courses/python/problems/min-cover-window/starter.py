def min_window(s, pattern):
    # Grow a window to the right until it covers the pattern, then shrink
    # it from the left while it still does.  Track what is still missing.
    return ""
