def middle_value(head):
    slow = fast = head
    while fast is not None and fast["next"] is not None:
        slow = slow["next"]
        fast = fast["next"]["next"]
    return slow["val"]
