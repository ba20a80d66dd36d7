# Stops the fast pointer while it can still make a double step, which
# also lands on the first middle node for even lengths.
def middle_value(head):
    slow = fast = head
    while fast["next"] is not None and fast["next"]["next"] is not None:
        slow = slow["next"]
        fast = fast["next"]["next"]
    return slow["val"]
