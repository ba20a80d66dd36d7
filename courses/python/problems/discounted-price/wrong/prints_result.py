# Shows the answer on the screen but gives nothing back to the caller,
# so the function returns None.
def discounted_price(price, percent_off):
    discount = price * percent_off / 100
    print(price - discount)
