# Starts at 1 and has no special case for it: the loop finds no divisor
# of 1, so 1 is counted as the first prime.
def is_prime(m):
    d = 2
    while d * d <= m:
        if m % d == 0:
            return False
        d += 1
    return True


def nth_prime(k):
    count = 0
    candidate = 0
    while count < k:
        candidate += 1
        if is_prime(candidate):
            count += 1
    return candidate
