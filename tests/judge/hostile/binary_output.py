# Attack: binary output: NUL bytes, invalid UTF-8, lone surrogates' bytes,
# JSON metacharacters and terminal escapes on stdout and stderr, then the
# right answer.
# Expected: AC, and the result JSON (with and without hidden cases) stays
# valid JSON.
import os
import sys

JUNK = (b"\x00\xff\xfe\xc0\x80\xed\xa0\x80\"\\\n}]\x1b[2J\x07\r\t"
        b"\xf4\x90\x80\x80\x00end")


def add(a, b):
    os.write(1, JUNK)
    os.write(2, JUNK)
    sys.stdout.buffer.write(JUNK)
    sys.stdout.flush()
    return a + b
