# When the two front values are equal it keeps one and skips both.
def merge(left, right):
    result = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] < right[j]:
            result.append(left[i])
            i += 1
        elif right[j] < left[i]:
            result.append(right[j])
            j += 1
        else:
            result.append(left[i])
            i += 1
            j += 1
    result.extend(left[i:])
    result.extend(right[j:])
    return result
