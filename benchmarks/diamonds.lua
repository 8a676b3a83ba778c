local acc, v = 0, 0
for i = 0, 9999999 do
  local r = i % 100
  local mx = 50
  if r > 50 then mx = r end
  local t = 2
  if i % 3 == 0 then t = 7 end
  if i % 2 == 0 then v = v + r else v = v - 1 end
  if v > 1000 then v = v - 1000 else v = v + t end
  acc = acc + mx + t + v
end
print(string.format("%d", acc))
