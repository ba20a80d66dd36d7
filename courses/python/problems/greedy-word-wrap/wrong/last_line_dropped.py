# Finishes a line only when a word does not fit, so the line still being
# built when the words run out is lost.
def wrap(text, width):
    lines = []
    line = ""
    for word in text.split():
        if line == "":
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    return "\n".join(lines)
