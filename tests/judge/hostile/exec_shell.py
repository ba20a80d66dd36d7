# Attack: exec a shell: os.system and subprocess run /bin/sh commands that
# read the secret file, write the host sentinel and print `id`; then
# os.execv replaces the harness with a shell.
# Expected: SV (execve after start blocked by seccomp), RE (the harness
# process was replaced, so no result came back) or AC (no shell in the
# sandbox, every exec failed); in every case the shell's actions stay
# inside the sandbox: no secret in the result, no sentinel on the host.
import os
import subprocess

CMD = "id; cat @SECRET_FILE@; echo planted > @SENTINEL@; ls /"


def add(a, b):
    print("system:", os.system(CMD))
    try:
        print(subprocess.run(["/bin/sh", "-c", CMD], capture_output=True,
                             timeout=1))
    except Exception as e:
        print("subprocess:", e)
    try:
        os.execv("/bin/sh", ["sh", "-c", CMD])
    except OSError as e:
        print("execv:", e)
    return a + b
