# Greedy by value per unit of weight. That is optimal when items can be
# cut, not when each item is all or nothing.
def best_value(weights, values, capacity):
    order = sorted(range(len(weights)), key=lambda i: values[i] / weights[i], reverse=True)
    total = 0
    room = capacity
    for i in order:
        if weights[i] <= room:
            room -= weights[i]
            total += values[i]
    return total
