# Moves the character code but never wraps: 'z' + 1 becomes '{'.
def shift_letters(text, k):
    result = ""
    for ch in text:
        if ch.isalpha():
            result += chr(ord(ch) + k)
        else:
            result += ch
    return result
