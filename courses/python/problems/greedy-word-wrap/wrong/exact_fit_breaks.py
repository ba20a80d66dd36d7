# Uses < instead of <=, so a line that would fill the width exactly is
# broken one word early.
def wrap(text, width):
    lines = []
    line = ""
    for word in text.split():
        if line == "":
            line = word
        elif len(line) + 1 + len(word) < width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line != "":
        lines.append(line)
    return "\n".join(lines)
