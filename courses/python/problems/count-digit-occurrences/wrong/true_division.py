# n / 10 keeps the fraction (123 / 10 is 12.3), so after the first step
# the "digits" are no longer whole numbers.
def count_digit(n, d):
    if n == 0:
        return 1 if d == 0 else 0
    count = 0
    while n >= 1:
        if n % 10 == d:
            count += 1
        n = n / 10
    return count
