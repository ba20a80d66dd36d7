# Uses get() and treats a stored None as "missing", so a setting whose
# value is null comes back as the default.
def lookup(config, path, default):
    current = config
    for key in path.split("."):
        if not isinstance(current, dict):
            return default
        current = current.get(key)
        if current is None:
            return default
    return current
