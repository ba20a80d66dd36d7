# Never checks that two values are waiting before popping: a malformed
# expression such as "1 +" crashes with IndexError instead of ValueError.
def eval_postfix(tokens):
    values = []
    for token in tokens:
        if token in ("+", "-", "*", "/"):
            right = values.pop()
            left = values.pop()
            if token == "+":
                values.append(left + right)
            elif token == "-":
                values.append(left - right)
            elif token == "*":
                values.append(left * right)
            else:
                q = abs(left) // abs(right)
                values.append(q if (left < 0) == (right < 0) else -q)
        else:
            values.append(int(token))
    if len(values) != 1:
        raise ValueError("malformed")
    return values[0]
