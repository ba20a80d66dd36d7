def compress(text):
    if text == "":
        return ""
    pieces = []
    current = text[0]
    count = 0
    for ch in text:
        if ch == current:
            count += 1
        else:
            pieces.append(current if count == 1 else current + str(count))
            current = ch
            count = 1
    pieces.append(current if count == 1 else current + str(count))
    return "".join(pieces)
