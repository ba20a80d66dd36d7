def largest(xs):
    pass
