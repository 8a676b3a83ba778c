local function sq(x) return x * x end
local function mix(a, b) return (a + b) % 1000003 end
local function inc(x) return x + 1 end
local acc, i = 0, 0
repeat
  local q = sq(i % 1000)
  acc = mix(acc, q)
  i = inc(i)
until i >= 10000000
print(string.format("%d", acc))
