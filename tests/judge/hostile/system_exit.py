# Attack: raise SystemExit(0) inside the function, hoping a clean exit
# status passes for success.
# Expected: RE (no value came back); never AC.
def add(a, b):
    raise SystemExit(0)
