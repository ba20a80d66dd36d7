# Attack: a busy infinite loop inside the function.
# Expected: TLE (CPU limit); the run ends near the 1 s CPU limit.
def add(a, b):
    while True:
        a += 1
