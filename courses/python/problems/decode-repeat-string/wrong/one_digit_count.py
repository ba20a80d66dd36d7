# Reads the repeat count as a single digit, so "12[a]" goes wrong.
def decode(s):
    def parse(i):
        parts = []
        while i < len(s) and s[i] != "]":
            if s[i].isdigit():
                count = int(s[i])
                i += 1
                inner, i = parse(i + 1)
                parts.append(inner * count)
                i += 1
            else:
                parts.append(s[i])
                i += 1
        return "".join(parts), i

    return parse(0)[0]
