def collapse_pairs(text):
    kept = []
    for ch in text:
        if kept and kept[-1] == ch:
            kept.pop()
        else:
            kept.append(ch)
    return "".join(kept)
