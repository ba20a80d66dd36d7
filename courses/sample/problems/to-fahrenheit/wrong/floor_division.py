# Floor division drops the fraction: 37 degrees gives 98.0, not 98.6.
def fahrenheit(celsius):
    return celsius * 9 // 5 + 32
