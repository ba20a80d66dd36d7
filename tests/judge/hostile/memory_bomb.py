# Attack: memory bomb: allocates and touches 16 MiB blocks as fast as it
# can, keeping them all.
# Expected: MLE (memory cgroup OOM kill, or MemoryError under RLIMIT_AS,
# which the judge classifies as MLE).
def add(a, b):
    keep = []
    while True:
        keep.append(b"\x01" * (16 << 20))
