# Compares the raw text with its reverse: capitals, spaces and punctuation
# all count.
def is_palindrome(text):
    return text == text[::-1]
