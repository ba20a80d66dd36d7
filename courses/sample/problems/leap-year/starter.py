def is_leap(year):
    # Return True when year is a leap year, False otherwise.
    return False
