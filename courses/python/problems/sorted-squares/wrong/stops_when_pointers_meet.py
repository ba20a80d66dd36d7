# Loops while left < right, so the element where the two indices meet is never taken.
def sorted_squares(xs):
    result = []
    left, right = 0, len(xs) - 1
    while left < right:
        if abs(xs[left]) > abs(xs[right]):
            result.append(xs[left] * xs[left])
            left += 1
        else:
            result.append(xs[right] * xs[right])
            right -= 1
    result.reverse()
    return result
