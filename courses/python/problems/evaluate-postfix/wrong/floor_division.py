# Uses Python's // for division, which rounds toward minus infinity:
# "-7 2 /" gives -4 instead of -3.
def eval_postfix(tokens):
    values = []
    for token in tokens:
        if token in ("+", "-", "*", "/"):
            if len(values) < 2:
                raise ValueError("not enough values")
            right = values.pop()
            left = values.pop()
            if token == "+":
                values.append(left + right)
            elif token == "-":
                values.append(left - right)
            elif token == "*":
                values.append(left * right)
            else:
                values.append(left // right)
        else:
            values.append(int(token))
    if len(values) != 1:
        raise ValueError("malformed")
    return values[0]
