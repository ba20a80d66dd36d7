# Compares the balance before checking that the account exists, so a
# withdrawal from an unknown account raises KeyError instead of being
# rejected.
def settle(balances, operations):
    accounts = dict(balances)
    for operation in operations:
        words = operation.split()
        kind = words[0]
        amount = int(words[-1])
        if kind == "deposit":
            name = words[1]
            accounts[name] = accounts.get(name, 0) + amount
        elif kind == "withdraw":
            name = words[1]
            if accounts[name] >= amount:
                accounts[name] -= amount
        elif kind == "transfer":
            source, target = words[1], words[2]
            if accounts[source] >= amount:
                accounts[source] -= amount
                accounts[target] = accounts.get(target, 0) + amount
    return accounts
