# Returns inside the loop only; when n is prime the loop ends and the
# function falls off its end, returning None.
def smallest_divisor(n):
    d = 2
    while d * d <= n:
        if n % d == 0:
            return d
        d += 1
