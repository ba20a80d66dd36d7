# Uses the sorted list of letters as the key; lists cannot be dictionary
# keys, because they are mutable and so not hashable.
def group_anagrams(words):
    groups = {}
    for word in words:
        key = sorted(word)
        if key not in groups:
            groups[key] = []
        groups[key].append(word)
    return list(groups.values())
