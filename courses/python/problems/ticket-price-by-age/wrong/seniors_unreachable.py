# The adult test comes first and also matches every senior, so the
# senior branch can never run.
def ticket_price(age):
    if age >= 13:
        return 11
    elif age >= 65:
        return 8
    elif age >= 4:
        return 6
    else:
        return 0
