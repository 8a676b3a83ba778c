local function leaf(x) return x + 1 end
local function c4(x) return leaf(x) + 1 end
local function c3(x) return c4(x) * 2 end
local function c2(x) return c3(x) - x end
local function c1(x) return c2(x) + 3 end
local acc = 0
for i = 0, 4999999 do
  acc = (acc + c1(i % 1000)) % 1000003
end
print(string.format("%d", acc))
