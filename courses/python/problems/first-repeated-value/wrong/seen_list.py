# Right answers, but remembers the values in a list: each "in" test walks
# the whole list, which is quadratic on long inputs.
def first_repeat(xs):
    seen = []
    for x in xs:
        if x in seen:
            return x
        seen.append(x)
    return None
