# Shifts lowercase letters correctly but copies capitals unchanged.
def shift_letters(text, k):
    result = ""
    for ch in text:
        if "a" <= ch <= "z":
            result += chr(ord("a") + (ord(ch) - ord("a") + k) % 26)
        else:
            result += ch
    return result
