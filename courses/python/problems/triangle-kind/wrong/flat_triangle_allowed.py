# Uses < instead of <=, so sides 1, 2, 3 (a flat "triangle") are accepted.
def triangle_kind(a, b, c):
    if a <= 0 or b <= 0 or c <= 0:
        return "invalid"
    if a + b < c or a + c < b or b + c < a:
        return "invalid"
    if a == b and b == c:
        return "equilateral"
    if a == b or b == c or a == c:
        return "isosceles"
    return "scalene"
