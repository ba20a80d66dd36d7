# Compares the sets of letters: "aab" and "abb" both give {a, b}.
def is_anagram(first, second):
    return set(first.lower().replace(" ", "")) == set(second.lower().replace(" ", ""))
