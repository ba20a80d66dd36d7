# Checks only that the day is not too large; day 0 or -5 passes.
def is_valid_date(year, month, day):
    if month < 1 or month > 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if month == 2:
        last_day = 29 if leap else 28
    elif month in (4, 6, 9, 11):
        last_day = 30
    else:
        last_day = 31
    return day <= last_day
