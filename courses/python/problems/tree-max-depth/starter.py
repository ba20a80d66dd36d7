def max_depth(root):
    # The depth of a tree can be described with the depths of its two
    # subtrees. What is the depth of an empty tree?
    return 0
