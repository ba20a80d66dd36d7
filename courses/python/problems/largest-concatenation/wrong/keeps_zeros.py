# Gets the order right but returns "000" for three zeros.
from functools import cmp_to_key


def largest_number(nums):
    words = [str(x) for x in nums]

    def order(a, b):
        if a + b > b + a:
            return -1
        if a + b < b + a:
            return 1
        return 0

    words.sort(key=cmp_to_key(order))
    return "".join(words)
