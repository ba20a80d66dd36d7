def f(n):
    return f(n-1)+f(n-2)
