def products_except_self(xs):
    # out[i] = (product of everything to the left of i)
    #        * (product of everything to the right of i)
    return []
