def group_anagrams(words):
    # Compute a key that is equal for anagrams and different otherwise;
    # a dictionary from key to list of words does the grouping.
    return []
