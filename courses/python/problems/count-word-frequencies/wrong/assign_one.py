# Sets the count to 1 on every sighting instead of adding 1 to it.
def word_counts(text):
    counts = {}
    for word in text.lower().split():
        counts[word] = 1
    return counts
