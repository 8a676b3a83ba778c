-- Interface calls: 999 scorers of three unrelated classes with one method; 2,000 passes,
-- each element called through its metatable.
local function class()
  local c = {}
  c.__index = c
  return c
end
local Linear, Clamp, Mod = class(), class(), class()
function Linear.new(k) return setmetatable({ a = k }, Linear) end
function Linear:score(x) return self.a * x + 1 end
function Clamp.new(k) return setmetatable({ hi = k }, Clamp) end
function Clamp:score(x) if x > self.hi then return self.hi end return x end
function Mod.new(k) return setmetatable({ m = k }, Mod) end
function Mod:score(x) return x % self.m end

local items = {}
for i = 0, 998 do
  local r = i % 3
  if r == 0 then items[#items + 1] = Linear.new(i % 5 + 1)
  elseif r == 1 then items[#items + 1] = Clamp.new(i % 50)
  else items[#items + 1] = Mod.new(i % 9 + 2) end
end
local total = 0
for p = 0, 1999 do
  local x = p % 64
  for i = 1, 999 do total = total + items[i]:score(x) end
end
print(string.format("%d", total))
