-- Virtual calls: a list of 1,000 shapes of three classes, each overriding area() and
-- scale(); 2,000 passes over the list, every element called through its metatable.
local Shape = {}
Shape.__index = Shape
function Shape:area() return 0 end
function Shape:scale(k) return k end

local function class(base)
  local c = setmetatable({}, { __index = base })
  c.__index = c
  return c
end

local Square = class(Shape)
function Square.new(s) return setmetatable({ side = s }, Square) end
function Square:area() return self.side * self.side end
function Square:scale(k) return self.side * k end

local Rect = class(Shape)
function Rect.new(a, b) return setmetatable({ w = a, h = b }, Rect) end
function Rect:area() return self.w * self.h end
function Rect:scale(k) return (self.w + self.h) * k end

local Tri = class(Shape)
function Tri.new(x, y) return setmetatable({ b = x, h = y }, Tri) end
function Tri:area() return math.floor(self.b * self.h / 2) end
function Tri:scale(k) return self.b + self.h + k end

local shapes = {}
for i = 0, 999 do
  local m = i % 3
  if m == 0 then shapes[#shapes + 1] = Square.new(i % 17 + 1)
  elseif m == 1 then shapes[#shapes + 1] = Rect.new(i % 13 + 1, i % 7 + 2)
  else shapes[#shapes + 1] = Tri.new(i % 11 + 2, i % 5 + 3) end
end
local total = 0
for p = 0, 1999 do
  local k = p % 4
  for i = 1, 1000 do
    local s = shapes[i]
    total = total + s:area() + s:scale(k)
  end
end
print(string.format("%d", total))
