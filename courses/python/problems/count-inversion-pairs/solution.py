def count_inversions(xs):
    def sort_and_count(a):
        # Returns a sorted copy of a and the number of inversions in a.
        if len(a) <= 1:
            return a, 0
        mid = len(a) // 2
        left, count_left = sort_and_count(a[:mid])
        right, count_right = sort_and_count(a[mid:])
        merged = []
        count = count_left + count_right
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                merged.append(left[i])
                i += 1
            else:
                # right[j] is smaller than every element still in left.
                merged.append(right[j])
                j += 1
                count += len(left) - i
        merged.extend(left[i:])
        merged.extend(right[j:])
        return merged, count

    return sort_and_count(list(xs))[1]
