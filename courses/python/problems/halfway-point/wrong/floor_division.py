# Floor division throws away the .5 when the total is odd.
def halfway(a, b):
    return (a + b) // 2
