# Pops two values and uses the first one popped as the LEFT operand, so
# "10 4 -" gives -6 and "12 3 /" gives 0.
def eval_postfix(tokens):
    values = []
    for token in tokens:
        if token in ("+", "-", "*", "/"):
            if len(values) < 2:
                raise ValueError("not enough values")
            a = values.pop()
            b = values.pop()
            if token == "+":
                values.append(a + b)
            elif token == "-":
                values.append(a - b)
            elif token == "*":
                values.append(a * b)
            else:
                values.append(int(a / b))
        else:
            values.append(int(token))
    if len(values) != 1:
        raise ValueError("malformed")
    return values[0]
