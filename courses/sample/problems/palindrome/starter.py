def is_palindrome(text):
    # Return True when text reads the same in both directions, looking
    # only at letters and digits and ignoring case.
    return False
