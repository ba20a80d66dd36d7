OPERATORS = {"+", "-", "*", "/"}


def apply(op, left, right):
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    quotient = abs(left) // abs(right)  # raises ZeroDivisionError for 0
    return quotient if (left < 0) == (right < 0) else -quotient


def eval_postfix(tokens):
    values = []
    for token in tokens:
        if token in OPERATORS:
            if len(values) < 2:
                raise ValueError("operator %r needs two values" % token)
            right = values.pop()
            left = values.pop()
            values.append(apply(token, left, right))
        else:
            values.append(int(token))
    if len(values) != 1:
        raise ValueError("expression leaves %d values" % len(values))
    return values[0]
