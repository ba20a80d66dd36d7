def discounted_price(price, percent_off):
    discount = price * percent_off / 100
    return price - discount
