def count_digit(n, d):
    if n == 0:
        return 1 if d == 0 else 0
    count = 0
    while n > 0:
        if n % 10 == d:
            count += 1
        n //= 10
    return count
