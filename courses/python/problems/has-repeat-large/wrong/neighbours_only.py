# Compares each value with the next one only, as if equal values were adjacent.
def has_repeat(xs):
    for i in range(len(xs) - 1):
        if xs[i] == xs[i + 1]:
            return True
    return False
