#!/usr/bin/env python3
"""embed-text.py IN OUT NAME - writes OUT, a C header defining
`static const char NAME[]` with the bytes of IN (used to ship the Python
judge harness inside the tutor binary; see src/judge/meson.build)."""
import sys


def c_line(chunk):
    out = []
    for b in chunk:
        c = chr(b)
        if c == "\\" or c == '"' or c == "?":
            out.append("\\" + c)
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return '\t"' + "".join(out) + '"'


def main():
    src, dst, name = sys.argv[1:4]
    with open(src, "rb") as f:
        data = f.read()
    lines = data.splitlines(keepends=True)
    body = "\n".join(c_line(l) for l in lines) or '\t""'
    with open(dst, "w", encoding="ascii") as f:
        f.write("/* Generated from %s by scripts/embed-text.py; do not edit. */\n"
                % src.split("/")[-1])
        f.write("static const char %s[] =\n%s;\n" % (name, body))


main()
