# Matches every closing bracket correctly but never checks, at the end,
# that nothing is still open: "((" is accepted.
def is_balanced(text):
    open_brackets = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for ch in text:
        if ch in "([{":
            open_brackets.append(ch)
        elif ch in pairs:
            if not open_brackets or open_brackets.pop() != pairs[ch]:
                return False
    return True
