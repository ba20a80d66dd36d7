# Indexes with [] without checking: a missing key raises KeyError instead
# of giving the default.
def lookup(config, path, default):
    current = config
    for key in path.split("."):
        if not isinstance(current, dict):
            return default
        current = current[key]
    return current
