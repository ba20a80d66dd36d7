def letter_counts(text):
    counts = {}
    for ch in text.lower():
        if ch != " ":
            counts[ch] = counts.get(ch, 0) + 1
    return counts


def is_anagram(first, second):
    return letter_counts(first) == letter_counts(second)
