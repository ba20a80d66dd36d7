# Uses the set of letters as the key, which forgets how often each letter
# occurs: "aab" and "abb" land in the same group.
def group_anagrams(words):
    groups = {}
    for word in words:
        key = frozenset(word)
        if key not in groups:
            groups[key] = []
        groups[key].append(word)
    return list(groups.values())
