# Optionals: a chain of 200 nodes linked through next (None at the end); 20,000 searches
# that return None when the key is absent (a third of the time), and an attribute chain.
class Node:
    def __init__(self, v): self.value = v; self.next = None

def find(head, k):
    cur = head
    while cur is not None:
        if cur.value == k: return cur.value * 2
        cur = cur.next
    return None

def main():
    head = None
    for i in range(199, -1, -1):
        n = Node(i); n.next = head; head = n
    total = 0
    for p in range(20000):
        r = find(head, p % 300)
        total += r if r is not None else -1
        a = head.next if head is not None else None
        b = a.next if a is not None else None
        total += b.value if b is not None else 7
    print(total)

main()
