# Removes spaces but keeps case, so "Tab" and "bat" differ.
def is_anagram(first, second):
    return sorted(first.replace(" ", "")) == sorted(second.replace(" ", ""))
