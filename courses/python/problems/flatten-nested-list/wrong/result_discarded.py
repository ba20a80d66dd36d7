# Calls itself on a nested list but throws the returned list away.
def flatten(items):
    result = []
    for item in items:
        if isinstance(item, list):
            flatten(item)
        else:
            result.append(item)
    return result
