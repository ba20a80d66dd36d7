# The base case is reached at the last (leftmost) digit, but returns 0 and loses it.
def digit_sum(n):
    if n < 0:
        n = -n
    if n < 10:
        return 0
    return n % 10 + digit_sum(n // 10)
