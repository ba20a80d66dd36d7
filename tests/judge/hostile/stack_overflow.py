# Attack: overflow the C stack.  The recursion limit is lifted and the
# function recurses through a C builtin (map), so every level uses C stack
# until the process gets SIGSEGV.
# Expected: RE (SIGSEGV); never a hang or an internal error.
import sys

sys.setrecursionlimit(10 ** 8)


def deep(n):
    return max(map(deep, [n + 1]))


def add(a, b):
    deep(0)
    return a + b
