from functools import cmp_to_key


def largest_number(nums):
    words = [str(x) for x in nums]

    def order(a, b):
        # a belongs in front of b when a followed by b reads larger.
        if a + b > b + a:
            return -1
        if a + b < b + a:
            return 1
        return 0

    words.sort(key=cmp_to_key(order))
    result = "".join(words)
    return "0" if result[0] == "0" else result
