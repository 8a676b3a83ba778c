local function build()
  local parts = {}
  for i = 0, 299999 do
    parts[#parts + 1] = tostring(i)
    parts[#parts + 1] = ","
  end
  return #table.concat(parts)
end
local tot = 0
for _ = 1, 10 do tot = tot + build() end
print(string.format("%d", tot))
