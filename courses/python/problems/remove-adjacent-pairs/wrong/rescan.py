# Correct answers, but after every removal it starts again from the
# beginning of a freshly built string: quadratic on long inputs.
def collapse_pairs(text):
    changed = True
    while changed:
        changed = False
        for i in range(len(text) - 1):
            if text[i] == text[i + 1]:
                text = text[:i] + text[i + 2:]
                changed = True
                break
    return text
