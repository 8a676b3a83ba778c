-- Maps: 20 rounds over one table of up to ~60,000 integer keys: 5,000 inserts, 10,000
-- lookups (hits and misses), 2,500 deletions. Lua's # does not count hash keys, so the
-- count is kept beside the table as a user of it would.
local m, count, total = {}, 0, 0
for rnd = 0, 19 do
  for i = 0, 4999 do
    local k = i * 7 + rnd
    if m[k] == nil then count = count + 1 end
    m[k] = i
  end
  for i = 0, 9999 do
    local v = m[i * 3]
    if v == nil then v = -1 end
    total = total + v
    if m[i + rnd] ~= nil then total = total + 1 end
  end
  for i = 0, 4999, 2 do
    local k = i * 7 + rnd
    if m[k] ~= nil then count = count - 1; m[k] = nil end
  end
  total = total + count
end
print(string.format("%d", total))
