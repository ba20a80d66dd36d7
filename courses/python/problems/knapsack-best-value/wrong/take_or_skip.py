# Tries taking and skipping every item without remembering results: the
# number of calls doubles with every item.
def best_value(weights, values, capacity):
    def solve(i, room):
        if i == len(weights):
            return 0
        skip = solve(i + 1, room)
        if weights[i] <= room:
            return max(skip, values[i] + solve(i + 1, room - weights[i]))
        return skip

    return solve(0, capacity)
