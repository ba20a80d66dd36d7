def is_valid_date(year, month, day):
    # Check the month first; then work out how many days that month has.
    return False
