def first_revisit(moves):
    # Remember every point visited so far in a collection with fast
    # membership tests. Which type can a point be so it can be stored?
    return -1
