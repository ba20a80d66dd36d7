# Attack: sleep for an hour (uses no CPU, so only the wall clock stops it).
# Expected: TLE (wall limit, 2 s); the run ends near the wall limit.
import time


def add(a, b):
    time.sleep(3600)
    return a + b
