# Attack: /proc snooping: lists /proc and reads every process's cmdline,
# environ and status, and /proc/@TESTPID@/mem.
# Expected: AC; only sandbox processes are visible (PID namespace), so no
# cmdline names the test binary "test_hostile" and no environ carries the
# canary.  Seeing a host process makes add wrong (WA).
import os

seen_host = []


def attempt():
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError as e:
        print("listdir:", e)
        pids = []
    print("pids", pids)
    for p in pids:
        for item in ("cmdline", "environ", "status"):
            try:
                with open("/proc/%s/%s" % (p, item), "rb") as f:
                    data = f.read(4096)
                print(p, item, data[:200])
                if b"test_hostile" in data or b"TUTOR_CANARY" in data:
                    seen_host.append(p)
            except OSError:
                pass
    try:
        with open("/proc/@TESTPID@/mem", "rb") as f:
            f.read(16)
        seen_host.append("mem")
    except OSError as e:
        print("mem:", e)


def add(a, b):
    if not seen_host:
        attempt()
    return a + b + (1000 if seen_host else 0)
