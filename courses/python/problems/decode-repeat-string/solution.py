def decode(s):
    def parse(i):
        # Decode from index i up to an unmatched ']' or the end of s.
        # Returns the decoded text and the index where decoding stopped.
        parts = []
        while i < len(s) and s[i] != "]":
            if s[i].isdigit():
                count = 0
                while s[i].isdigit():
                    count = count * 10 + int(s[i])
                    i += 1
                inner, i = parse(i + 1)   # i + 1 skips the '['
                parts.append(inner * count)
                i += 1                    # skip the matching ']'
            else:
                parts.append(s[i])
                i += 1
        return "".join(parts), i

    return parse(0)[0]
