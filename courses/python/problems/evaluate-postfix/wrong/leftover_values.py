# Evaluates correctly but returns the top of the stack at the end without
# checking that exactly one value is left: "1 2" gives 2.
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
                q = abs(left) // abs(right)
                values.append(q if (left < 0) == (right < 0) else -q)
        else:
            values.append(int(token))
    if not values:
        raise ValueError("empty expression")
    return values[-1]
