# Looks the month up in a list without checking it first: month 13
# crashes and month 0 silently reads the last entry (December).
def is_valid_date(year, month, day):
    lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    last_day = lengths[month - 1]
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last_day = 29
    return 1 <= day <= last_day
