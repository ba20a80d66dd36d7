def is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def is_valid_date(year, month, day):
    if month < 1 or month > 12:
        return False
    if month == 2:
        last_day = 29 if is_leap(year) else 28
    elif month in (4, 6, 9, 11):
        last_day = 30
    else:
        last_day = 31
    return 1 <= day <= last_day
