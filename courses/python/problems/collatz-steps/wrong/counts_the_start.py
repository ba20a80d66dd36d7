# Starts counting at 1, as if the starting number were a step.
def collatz_steps(n):
    steps = 1
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
