local function inside(cr, ci)
  local zr, zi = 0.0, 0.0
  for _ = 1, 200 do
    local zr2, zi2 = zr * zr, zi * zi
    if zr2 + zi2 > 4.0 then return 0 end
    zr, zi = zr2 - zi2 + cr, zr * zi * 2.0 + ci
  end
  return 1
end
local s = 0
for y = 0, 319 do for x = 0, 479 do s = s + inside(x / 160.0 - 2.0, y / 160.0 - 1.0) end end
print(string.format("%d", s))
