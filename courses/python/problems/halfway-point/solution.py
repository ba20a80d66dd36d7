def halfway(a, b):
    return (a + b) / 2
