# Correct answers, but multiplies n - 1 numbers for each of the n
# positions: quadratic time, far too slow for a long list.
def products_except_self(xs):
    result = []
    for i in range(len(xs)):
        product = 1
        for j in range(len(xs)):
            if j != i:
                product *= xs[j]
        result.append(product)
    return result
