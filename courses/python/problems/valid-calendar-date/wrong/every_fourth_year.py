# Treats every year divisible by 4 as a leap year, forgetting the
# century exceptions (1900 was not a leap year).
def is_valid_date(year, month, day):
    if month < 1 or month > 12:
        return False
    if month == 2:
        last_day = 29 if year % 4 == 0 else 28
    elif month in (4, 6, 9, 11):
        last_day = 30
    else:
        last_day = 31
    return 1 <= day <= last_day
