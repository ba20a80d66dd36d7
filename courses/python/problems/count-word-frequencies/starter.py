def word_counts(text):
    # One dictionary: word -> how many times it has been seen so far.
    counts = {}
    return counts
