import heapq


def merge_k_sorted(lists):
    # The next output value is always the front value of one of the
    # lists; a heap can hand you the smallest front quickly.
    return []
