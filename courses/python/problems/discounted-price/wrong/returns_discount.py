# Returns the amount taken off instead of the price that is left.
def discounted_price(price, percent_off):
    discount = price * percent_off / 100
    return discount
