def is_anagram(first, second):
    # Return True when the letters of first can be rearranged into the
    # letters of second (ignoring spaces and case).
    return False
