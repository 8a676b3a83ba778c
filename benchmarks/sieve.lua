local function sieve(n)
  local flags = {}
  for i = 0, n - 1 do flags[i] = 0 end
  local count = 0
  for i = 2, n - 1 do
    if flags[i] == 0 then
      count = count + 1
      for j = i * i, n - 1, i do flags[j] = 1 end
    end
  end
  return count
end
local s = 0
for _ = 1, 20 do s = s + sieve(1000000) end
print(string.format("%d", s))
