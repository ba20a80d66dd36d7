def initials(name):
    # Split the name into words, then take the first character of each.
    return ""
