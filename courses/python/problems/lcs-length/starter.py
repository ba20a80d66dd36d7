def lcs_length(a, b):
    # Compare the last characters of a and b: what smaller question is
    # left after you decide about them?
    return 0
