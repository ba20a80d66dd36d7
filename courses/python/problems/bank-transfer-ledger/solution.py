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
            if name in accounts and accounts[name] >= amount:
                accounts[name] -= amount
        elif kind == "transfer":
            source, target = words[1], words[2]
            if source in accounts and accounts[source] >= amount:
                accounts[source] -= amount
                accounts[target] = accounts.get(target, 0) + amount
    return accounts
