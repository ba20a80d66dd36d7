# Only the first rule: every multiple of 4 counts, centuries included.
def is_leap(year):
    return year % 4 == 0
