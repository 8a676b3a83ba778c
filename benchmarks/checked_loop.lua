local s = 0
for i = 0, 29999999 do
  local t = i * 7 + 3
  local u = t - i * 2
  local w = u * 3 - t
  s = s + (w - u)
end
print(string.format("%d", s))
