def slices_each(pizzas, slices_per_pizza, people):
    # First work out how many slices there are in total.
    return 0
