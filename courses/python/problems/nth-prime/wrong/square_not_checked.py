# Stops while d * d is still below m, so d never reaches the square root
# of a square: 4, 9, 25 and 49 pass as primes.
def is_prime(m):
    if m < 2:
        return False
    d = 2
    while d * d < m:
        if m % d == 0:
            return False
        d += 1
    return True


def nth_prime(k):
    count = 0
    candidate = 1
    while count < k:
        candidate += 1
        if is_prime(candidate):
            count += 1
    return candidate
