PAIRS = {")": "(", "]": "[", "}": "{"}


def is_balanced(text):
    open_brackets = []
    for ch in text:
        if ch in "([{":
            open_brackets.append(ch)
        elif ch in PAIRS:
            if not open_brackets or open_brackets.pop() != PAIRS[ch]:
                return False
    return not open_brackets
