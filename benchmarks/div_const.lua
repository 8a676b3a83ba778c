-- Lua's // and % floor; for n = -i (i >= 0) the truncating forms are -(i // 7), -(i % 7).
-- math.floor(i / k) keeps LuaJIT (Lua 5.1, no //) on the same code.
local floor = math.floor
local acc = 0
for i = 0, 9999999 do
  acc = acc + floor(i / 3) + i % 10 - floor(i / 7) - i % 7 + floor(i / 1000) + i % 16
end
print(string.format("%d", acc))
