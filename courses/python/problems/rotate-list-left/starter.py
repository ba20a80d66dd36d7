def rotate_left(xs, k):
    # The first k elements move to the back. What does k mean when it is
    # larger than the list?
    return []
