def fahrenheit(celsius):
    # Convert celsius to degrees Fahrenheit and return the result.
    return 0.0
