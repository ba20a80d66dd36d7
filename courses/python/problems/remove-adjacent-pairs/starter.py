def collapse_pairs(text):
    # Read the characters one by one and keep what survives so far;
    # think about which kept character a new one can cancel with.
    return text
