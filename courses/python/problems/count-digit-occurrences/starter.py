def count_digit(n, d):
    # n % 10 is the last digit of n, and n // 10 removes it.
    count = 0
    return count
