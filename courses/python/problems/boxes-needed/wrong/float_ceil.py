# Right idea, but items / capacity is a float: for huge counts it cannot
# hold the exact value, and the fraction that needs rounding up is lost.
import math


def boxes_needed(items, capacity):
    return math.ceil(items / capacity)
