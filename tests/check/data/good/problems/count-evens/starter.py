def count_evens(xs):
    pass
