# Counts how often each character occurs in the whole text instead of
# how long each run is: "aabbaa" gives "a4b2".
def compress(text):
    result = ""
    for ch in text:
        if ch not in result:
            n = text.count(ch)
            result += ch if n == 1 else ch + str(n)
    return result
