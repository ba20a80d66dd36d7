# Knows the century exception but not its own exception (400).
def is_leap(year):
    return year % 4 == 0 and year % 100 != 0
