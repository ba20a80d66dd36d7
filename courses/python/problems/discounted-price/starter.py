def discounted_price(price, percent_off):
    # Work out the discount, then give back what the customer pays.
    pass
