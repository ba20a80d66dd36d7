# reverse=True reverses the whole (score, name) key, so ties come out
# in reverse alphabetical order.
def rank_names(names, scores):
    ordered = sorted(zip(scores, names), reverse=True)
    return [name for _, name in ordered]
