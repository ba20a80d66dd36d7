# Remembers the values in a list; "x in seen" scans the whole list each time.
def has_repeat(xs):
    seen = []
    for x in xs:
        if x in seen:
            return True
        seen.append(x)
    return False
