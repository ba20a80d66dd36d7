# Correct, but tries every divisor below m: for the 5000th prime that is
# tens of millions of divisions in total.
def is_prime(m):
    if m < 2:
        return False
    for d in range(2, m):
        if m % d == 0:
            return False
    return True


def nth_prime(k):
    count = 0
    candidate = 1
    while count < k:
        candidate += 1
        if is_prime(candidate):
            count += 1
    return candidate
