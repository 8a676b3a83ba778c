local function work(a, b, n)
  local acc = 0
  for i = 0, n - 1 do
    local p = (i + a) * (i + b)
    local q = (i + a) * (i + b) + 1
    acc = acc + (p + q + (a + b) * (a - b) + i * (a * b + 7)) % 1000
  end
  return acc
end
print(string.format("%d", work(3, 5, 15000000)))
