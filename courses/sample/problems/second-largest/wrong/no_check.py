# Removes duplicates correctly but never checks that two values remain:
# [7, 7, 7] raises IndexError instead of ValueError.
def second_largest(xs):
    return sorted(set(xs))[-2]
