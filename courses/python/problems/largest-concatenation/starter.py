def largest_number(nums):
    # Decide, for any two numbers, which one should come first; then sort
    # with that rule (functools.cmp_to_key turns a two-argument rule into a key).
    return ""
