def ticket_price(age):
    if age <= 3:
        return 0
    elif age <= 12:
        return 6
    elif age <= 64:
        return 11
    else:
        return 8
