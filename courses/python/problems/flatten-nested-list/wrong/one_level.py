# Unpacks a nested list one level deep only; lists inside lists stay lists.
def flatten(items):
    result = []
    for item in items:
        if isinstance(item, list):
            result.extend(item)
        else:
            result.append(item)
    return result
