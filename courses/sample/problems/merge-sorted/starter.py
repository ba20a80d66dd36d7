def merge(left, right):
    # Walk both lists with one position each; repeatedly take the smaller
    # front element.
    result = []
    return result
