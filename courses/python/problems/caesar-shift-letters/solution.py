def shift_char(ch, k, first):
    offset = ord(ch) - ord(first)
    return chr(ord(first) + (offset + k) % 26)


def shift_letters(text, k):
    result = []
    for ch in text:
        if "a" <= ch <= "z":
            result.append(shift_char(ch, k, "a"))
        elif "A" <= ch <= "Z":
            result.append(shift_char(ch, k, "A"))
        else:
            result.append(ch)
    return "".join(result)
