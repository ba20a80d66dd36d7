def decode(s):
    # A helper that decodes from a position and reports where it stopped
    # lets a bracket group decode its own contents with the same helper.
    pass
