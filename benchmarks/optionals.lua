-- Optionals: a chain of 200 nodes linked through next (nil at the end); 20,000 searches
-- that return nil when the key is absent (a third of the time), and a field chain.
local function find(head, k)
  local cur = head
  while cur ~= nil do
    if cur.value == k then return cur.value * 2 end
    cur = cur.next
  end
  return nil
end
local head = nil
for i = 199, 0, -1 do head = { value = i, next = head } end
local total = 0
for p = 0, 19999 do
  local r = find(head, p % 300)
  if r == nil then r = -1 end
  total = total + r
  local a = head and head.next
  local b = a and a.next
  total = total + (b and b.value or 7)
end
print(string.format("%d", total))
