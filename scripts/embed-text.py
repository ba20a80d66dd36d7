#!/usr/bin/env python3
"""embed-text.py IN OUT NAME - writes OUT, a C header defining
`static const char NAME[]`: the bytes of IN followed by a NUL (so
sizeof(NAME) - 1 is IN's length).  Used to ship the Python judge harness
inside the tutor binary (src/judge/meson.build).  A byte array, not a
string literal: ISO C limits string literals to 4095 characters."""
import sys


def main():
    src, dst, name = sys.argv[1:4]
    with open(src, "rb") as f:
        data = f.read() + b"\0"
    rows = []
    for i in range(0, len(data), 16):
        rows.append("\t" + " ".join("%d," % b for b in data[i:i + 16]))
    with open(dst, "w", encoding="ascii") as f:
        f.write("/* Generated from %s by scripts/embed-text.py; do not edit. */\n"
                % src.split("/")[-1])
        f.write("static const char %s[] = {\n%s\n};\n" % (name, "\n".join(rows)))


main()
