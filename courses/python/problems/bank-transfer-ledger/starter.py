def settle(balances, operations):
    # Work on a copy; handle the three kinds of operation one by one and
    # check the rejection rule before changing anything.
    accounts = dict(balances)
    return accounts
