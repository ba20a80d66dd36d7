# Attack: an exception whose message carries NUL bytes, invalid UTF-8
# (surrogate escapes), quotes and newlines, raised in the last case.
# Expected: RE (the exception), and the result JSON stays valid JSON.
def add(a, b):
    if a < 0:
        raise ValueError("bad \x00 \udcff\udcfe \"}] \n\x1b[2J end")
    return a + b
