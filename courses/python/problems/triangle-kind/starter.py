def triangle_kind(a, b, c):
    # Decide first whether the three sides can form a triangle at all.
    return "scalene"
