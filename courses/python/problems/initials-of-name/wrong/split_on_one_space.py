# split(" ") cuts at every single space, so two spaces in a row (or a
# space at the start) produce an empty "word" and word[0] crashes.
def initials(name):
    result = ""
    for word in name.split(" "):
        result += word[0].upper()
    return result
