local function build(n)
  local s = ""
  for i = 0, n - 1 do
    s = s .. "ab"
    if i % 3 == 0 then s = s .. "cde" else s = s .. "f" end
  end
  return #s
end
local tot = 0
for _ = 1, 120 do tot = tot + build(5000) end
print(string.format("%d", tot))
