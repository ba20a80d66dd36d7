def cheapest_trip(n, flights, src, dst, k):
    # After round r, know the cheapest price to every airport using at most
    # r flights.
    return -1
