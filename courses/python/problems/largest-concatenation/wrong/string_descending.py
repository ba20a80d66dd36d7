# Sorts the numbers as strings, largest first; "3" then lands after "30".
def largest_number(nums):
    words = sorted((str(x) for x in nums), reverse=True)
    result = "".join(words)
    return "0" if result[0] == "0" else result
