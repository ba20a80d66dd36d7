# Returns the earliest value that occurs more than once, which is not
# always the value whose repeat comes first (and counting is slow).
def first_repeat(xs):
    for x in xs:
        if xs.count(x) > 1:
            return x
    return None
