def is_balanced(text):
    # Return True when every bracket is closed by the matching kind, in
    # the right order, and nothing is left open.
    return True
