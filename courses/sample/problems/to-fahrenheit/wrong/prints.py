# Prints the answer instead of returning it: the caller gets None.
def fahrenheit(celsius):
    print(celsius * 9 / 5 + 32)
