# Attack: raw devices: read /dev/mem, /dev/kmem, /dev/port, disks
# (/dev/sda, /dev/vda, /dev/nvme0n1), /dev/kmsg (the host kernel log) and
# write /dev/console; list /dev.
# Expected: AC (the devices do not exist in the sandbox or cannot be
# opened) or SV.  A successful read makes add wrong (WA).
import os

leaked = []


def attempt():
    try:
        print(sorted(os.listdir("/dev")))
    except OSError as e:
        print("listdir:", e)
    for path in ("/dev/mem", "/dev/kmem", "/dev/port", "/dev/sda",
                 "/dev/vda", "/dev/nvme0n1", "/dev/kmsg"):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            data = os.read(fd, 64)
            os.close(fd)
            if data:
                leaked.append(path)
                print(path, data)
        except OSError as e:
            print(path, e)
    try:
        fd = os.open("/dev/console", os.O_WRONLY)
        os.write(fd, b"tutor hostile suite was here\n")
        leaked.append("console")
    except OSError as e:
        print("console:", e)


def add(a, b):
    if not leaked:
        attempt()
    return a + b + (1000 if leaked else 0)
