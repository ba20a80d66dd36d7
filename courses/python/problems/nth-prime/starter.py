def nth_prime(k):
    # Try candidates 2, 3, 4, ... in order and count the primes you meet.
    return 2
