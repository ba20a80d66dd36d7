# Removes the pairs it sees in the original string in one pass, but never
# compares the characters that become neighbours after a removal:
# "abba" gives "aa" instead of "".
def collapse_pairs(text):
    result = []
    i = 0
    while i < len(text):
        if i + 1 < len(text) and text[i] == text[i + 1]:
            i += 2
        else:
            result.append(text[i])
            i += 1
    return "".join(result)
