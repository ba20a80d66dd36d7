# Names the kind before checking that the sides form a triangle, so
# 1, 1, 5 is called isosceles.
def triangle_kind(a, b, c):
    if a == b and b == c:
        return "equilateral"
    if a == b or b == c or a == c:
        return "isosceles"
    if a + b <= c or a + c <= b or b + c <= a:
        return "invalid"
    return "scalene"
