# Attack: os._exit(0) inside the function (no cleanup, exit status 0) after
# the first case, hoping the missing results count as passes.
# Expected: RE for the cases without a result; never AC.
import os


def add(a, b):
    if a == 0:
        os._exit(0)
    return a + b
