#include "frontends/common/il_builder.hpp"
#include "runtime/registry.hpp"

namespace viper::fe {

using il::Opcode;
using il::Type;
using il::Value;

void IRBuilder::beginFunction(const std::string &name, Type ret, const std::vector<std::pair<std::string, Type>> &params,
                              const std::string &entryLabel) {
  il::Function f;
  f.name = name;
  f.sig.ret = ret;
  for (const auto &[pname, ptype] : params) {
    f.sig.params.push_back(ptype);
    il::Param p;
    p.name = pname;
    p.type = ptype;
    p.temp = static_cast<uint32_t>(f.temps.size());
    f.temps.push_back({pname, ptype, true});
    f.params.push_back(p);
  }
  defined_.insert(f.name);
  m_.functions.push_back(std::move(f));
  fn_ = m_.functions.size() - 1;
  labels_.clear();
  labelCount_.clear();
  block_ = newBlock(entryLabel);
}

Value IRBuilder::param(size_t i) const { return Value::temp(m_.functions[fn_].params[i].temp); }

uint32_t IRBuilder::newTemp(Type t) {
  il::Function &f = function();
  uint32_t id = static_cast<uint32_t>(f.temps.size());
  f.temps.push_back({"t" + std::to_string(id), t, true});
  return id;
}

uint32_t IRBuilder::newBlock(const std::string &label, const std::vector<Type> &params) {
  il::Block b;
  b.label = label;
  // A counter per base label keeps this linear when thousands of blocks share a name.
  for (int &n = labelCount_[label]; labels_.count(b.label);) b.label = label + "_" + std::to_string(++n);
  labels_.insert(b.label);
  for (Type t : params) {
    il::Param p;
    p.type = t;
    p.temp = newTemp(t);
    p.name = function().temps[p.temp].name;
    b.params.push_back(p);
  }
  il::Function &f = function();
  f.blocks.push_back(std::move(b));
  return static_cast<uint32_t>(f.blocks.size() - 1);
}

void IRBuilder::moveBlockToEnd(uint32_t b) {
  auto &blocks = function().blocks;
  if (b == 0 || b + 1 >= blocks.size()) return;
  il::Block moved = std::move(blocks[b]);
  blocks.erase(blocks.begin() + static_cast<long>(b));
  blocks.push_back(std::move(moved));
  const auto last = static_cast<int32_t>(blocks.size() - 1), from = static_cast<int32_t>(b);
  auto remap = [&](int32_t x) { return x == from ? last : x > from ? x - 1 : x; };
  for (auto &blk : blocks)
    for (auto &in : blk.instrs)
      for (auto &t : in.targets) t.block = remap(t.block);
  block_ = static_cast<uint32_t>(remap(static_cast<int32_t>(block_)));
}

Value IRBuilder::blockParam(uint32_t block, size_t i) const {
  return Value::temp(m_.functions[fn_].blocks[block].params[i].temp);
}

bool IRBuilder::terminated() const {
  const auto &instrs = m_.functions[fn_].blocks[block_].instrs;
  return !instrs.empty() && il::isTerminator(instrs.back().op);
}

il::Instr &IRBuilder::push(il::Instr in) {
  in.loc = loc_;
  auto &instrs = function().blocks[block_].instrs;
  instrs.push_back(std::move(in));
  return instrs.back();
}

Value IRBuilder::emit(Opcode op, Type type, std::vector<Value> operands) {
  il::Instr in;
  in.op = op;
  in.type = type;
  in.operands = std::move(operands);
  in.result = static_cast<int32_t>(newTemp(type));
  return Value::temp(static_cast<uint32_t>(push(std::move(in)).result));
}

void IRBuilder::emitVoid(Opcode op, std::vector<Value> operands) {
  il::Instr in;
  in.op = op;
  in.type = Type::Void;
  in.operands = std::move(operands);
  push(std::move(in));
}

Value IRBuilder::alloca(int64_t bytes) { return emit(Opcode::Alloca, Type::Ptr, {i64(bytes)}); }

Value IRBuilder::load(Type t, Value ptr) {
  il::Instr in;
  in.op = Opcode::Load;
  in.type = t;
  in.memType = t;
  in.operands = {std::move(ptr)};
  in.result = static_cast<int32_t>(newTemp(t));
  return Value::temp(static_cast<uint32_t>(push(std::move(in)).result));
}

void IRBuilder::store(Type t, Value ptr, Value v) {
  il::Instr in;
  in.op = Opcode::Store;
  in.type = Type::Void;
  in.memType = t;
  in.operands = {std::move(ptr), std::move(v)};
  push(std::move(in));
}

Value IRBuilder::select(Type t, Value cond, Value a, Value b) {
  il::Instr in;
  in.op = Opcode::Select;
  in.type = t;
  in.memType = t;
  in.operands = {std::move(cond), std::move(a), std::move(b)};
  in.result = static_cast<int32_t>(newTemp(t));
  return Value::temp(static_cast<uint32_t>(push(std::move(in)).result));
}

std::optional<Value> IRBuilder::call(const std::string &callee, Type ret, std::vector<Value> args) {
  if (!defined_.count(callee) && !declared_.count(callee)) {
    // A runtime function: declare it once with the registry's signature.
    if (auto sig = rt::runtimeSignature(callee)) {
      il::Extern e;
      e.name = callee;
      e.sig = *sig;
      m_.externs.push_back(std::move(e));
    }
    declared_.insert(callee);
  }
  il::Instr in;
  in.op = Opcode::Call;
  in.callee = callee;
  in.type = ret;
  in.operands = std::move(args);
  if (ret != Type::Void) in.result = static_cast<int32_t>(newTemp(ret));
  il::Instr &pushed = push(std::move(in));
  if (pushed.result < 0) return std::nullopt;
  return Value::temp(static_cast<uint32_t>(pushed.result));
}

std::optional<Value> IRBuilder::call(rt::RtFn fn, std::vector<Value> args) {
  const rt::RuntimeFunction &f = rt::runtimeFunction(fn);
  return call(std::string(f.canonicalName), f.signature.ret, std::move(args));
}

Value IRBuilder::callValue(rt::RtFn fn, std::vector<Value> args) {
  std::optional<Value> v = call(fn, std::move(args));
  return v ? *v : Value::integer(0);  // a void function: callers only ask for values of non-void ones
}

il::Target IRBuilder::target(uint32_t block, std::vector<Value> args) const {
  il::Target t;
  t.block = static_cast<int32_t>(block);
  t.label = m_.functions[fn_].blocks[block].label;
  t.args = std::move(args);
  t.loc = loc_;
  return t;
}

void IRBuilder::br(uint32_t t, std::vector<Value> args) {
  il::Instr in;
  in.op = Opcode::Br;
  in.type = Type::Void;
  in.targets.push_back(target(t, std::move(args)));
  push(std::move(in));
}

void IRBuilder::cbr(Value cond, uint32_t t, uint32_t f, std::vector<Value> targs, std::vector<Value> fargs) {
  il::Instr in;
  in.op = Opcode::Cbr;
  in.type = Type::Void;
  in.operands = {std::move(cond)};
  in.targets.push_back(target(t, std::move(targs)));
  in.targets.push_back(target(f, std::move(fargs)));
  push(std::move(in));
}

void IRBuilder::switchI32(Value v, uint32_t dflt, const std::vector<std::pair<int64_t, uint32_t>> &cases) {
  il::Instr in;
  in.op = Opcode::SwitchI32;
  in.type = Type::Void;
  in.operands = {std::move(v)};
  in.targets.push_back(target(dflt, {}));
  for (const auto &[val, blk] : cases) {
    in.caseValues.push_back(val);
    in.targets.push_back(target(blk, {}));
  }
  push(std::move(in));
}

uint32_t IRBuilder::newHandlerBlock(const std::string &label) {
  uint32_t b = newBlock(label, {Type::Error, Type::ResumeTok});
  function().blocks[b].handlerPrefix = true;
  uint32_t saved = block_;
  block_ = b;
  emitVoid(Opcode::EhEntry, {});
  block_ = saved;
  return b;
}

void IRBuilder::ehPush(uint32_t handler) {
  il::Instr in;
  in.op = Opcode::EhPush;
  in.type = Type::Void;
  in.targets.push_back(target(handler, {}));
  push(std::move(in));
}

void IRBuilder::ehPop() { emitVoid(Opcode::EhPop, {}); }

void IRBuilder::resumeLabel(Value token, uint32_t t) {
  il::Instr in;
  in.op = Opcode::ResumeLabel;
  in.type = Type::Void;
  in.operands = {std::move(token)};
  in.targets.push_back(target(t, {}));
  push(std::move(in));
}

void IRBuilder::ret(std::optional<Value> v) {
  il::Instr in;
  in.op = Opcode::Ret;
  in.type = Type::Void;
  if (v) in.operands.push_back(std::move(*v));
  push(std::move(in));
}

} // namespace viper::fe
