-- (i + j) % 2 is the parity of i xor j; LuaJIT (Lua 5.1) has no integer xor operator.
local a, b, c = 0, 0, 0
for i = 0, 3999 do
  for j = 0, 3999 do
    if (i + j) % 3 == 0 then a = a + 1
    elseif (i + j) % 2 ~= 0 then b = b + 2
    else c = c - 1 end
  end
end
print(string.format("%d", a * 1000003 + b * 1009 + c))
