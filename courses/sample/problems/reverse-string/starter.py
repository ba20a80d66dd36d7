def reverse(text):
    # Return a new string with the characters of text in reverse order.
    return text
