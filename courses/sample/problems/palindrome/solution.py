def is_palindrome(text):
    kept = [ch.lower() for ch in text if ch.isalnum()]
    return kept == kept[::-1]
