local function next_(n)
  if n % 2 == 0 then return math.floor(n / 2) end
  return n * 3 + 1
end
local function chain(memo, n, limit)
  local m, steps = n, 0
  while m ~= 1 do
    if m < limit then
      local known = memo[m]
      if known ~= 0 then return known + steps end
    end
    m = next_(m)
    steps = steps + 1
  end
  return steps
end
local memo = {}
for i = 0, 999999 do memo[i] = 0 end
local best, bestn, mean = 0, 0, 0.0
for n = 1, 999999 do
  local len = chain(memo, n, 1000000)
  memo[n] = len
  mean = mean + (len - mean) / n
  if len > best then best, bestn = len, n end
end
local m1000 = mean * 1000.0
print(string.format("%d", bestn * 1000 + best + (m1000 >= 0 and math.floor(m1000) or math.ceil(m1000))))
