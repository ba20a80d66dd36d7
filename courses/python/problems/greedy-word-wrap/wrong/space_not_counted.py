# Forgets the space that joins the word to the line, so lines can end up
# one character longer than width.
def wrap(text, width):
    lines = []
    line = ""
    for word in text.split():
        if line == "":
            line = word
        elif len(line) + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line != "":
        lines.append(line)
    return "\n".join(lines)
