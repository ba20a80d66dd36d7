def compress(text):
    # Walk the text once, remembering the character of the current run
    # and how long the run is so far.
    return text
