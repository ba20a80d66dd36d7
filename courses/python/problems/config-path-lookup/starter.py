def lookup(config, path, default):
    # Walk one key at a time; keep track of where you are in the nested
    # dictionaries.
    return default
