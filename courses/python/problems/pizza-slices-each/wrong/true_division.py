# True division gives a float such as 4.0 or 4.8, never a whole count.
def slices_each(pizzas, slices_per_pizza, people):
    total_slices = pizzas * slices_per_pizza
    return total_slices / people
