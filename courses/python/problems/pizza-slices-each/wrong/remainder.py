# The remainder operator gives the slices left over, not the share.
def slices_each(pizzas, slices_per_pizza, people):
    total_slices = pizzas * slices_per_pizza
    return total_slices % people
