# Off by one: loses the first character.
def reverse(text):
    return text[:0:-1]
