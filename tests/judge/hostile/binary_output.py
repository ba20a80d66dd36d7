# Attack: binary output: NUL bytes, invalid UTF-8, encoded surrogates,
# JSON metacharacters and terminal escapes written to the real fds 1 and 2
# (under the harness's own records), and the same bytes decoded with
# surrogateescape (lone surrogates) through print; then the right answer.
# Expected: AC, and the result JSON (with and without hidden cases) stays
# valid JSON.
import os
import sys

JUNK = (b"\x00\xff\xfe\xc0\x80\xed\xa0\x80\"\\\n}]\x1b[2J\x07\r\t"
        b"\xf4\x90\x80\x80\x00end")


def add(a, b):
    os.write(1, JUNK)
    os.write(2, JUNK)
    print(JUNK.decode("utf-8", "surrogateescape"))
    print(JUNK.decode("utf-8", "surrogateescape"), file=sys.stderr)
    return a + b
