# A sliding window that shrinks while the sum is too big: only correct when
# no number is negative or zero.
def count_subarrays(xs, k):
    count = window = left = 0
    for right, x in enumerate(xs):
        window += x
        while window > k and left <= right:
            window -= xs[left]
            left += 1
        if window == k and left <= right:
            count += 1
    return count
