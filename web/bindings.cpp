// Embind over driver/session.hpp and nothing else. Everything crossing to JS is a plain
// value (numbers, strings, Uint8Array/Uint32Array copies, plain objects) except the
// Session class, which web/viper.mjs wraps and deletes. Compiled programs stay on this
// side in a table keyed by a number, so JS holds no handle for them either.
//
// Texts whose bytes must survive exactly (program output, the CLI's stderr lines, IL and
// bytecode listings) are returned as Uint8Array; viper.mjs decodes them. Sources and
// input may be given as strings (UTF-8) or Uint8Array (bytes as they are): Embind's
// std::string conversion accepts both.
#include "driver/session.hpp"
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

using emscripten::val;
namespace drv = viper::driver;

namespace {

val bytes(const std::string &s) {
  // A copy: a view into the heap would dangle once memory grows or the string dies.
  return val::global("Uint8Array").new_(emscripten::typed_memory_view(s.size(), reinterpret_cast<const uint8_t *>(s.data())));
}

val u32s(const std::vector<uint32_t> &v) {
  return val::global("Uint32Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

// JS numbers carry budgets and limits: Infinity (or anything past 2^64) means no limit,
// and a budget is at least one unit, so a slice always makes progress.
uint64_t toCount(double d, uint64_t fallback) {
  if (std::isnan(d)) return fallback;
  if (d >= 18446744073709551615.0) return UINT64_MAX;
  if (d < 0) return 0;
  return static_cast<uint64_t>(d);
}

bool has(const val &o, const char *key) {
  return !o.isUndefined() && !o.isNull() && !o[key].isUndefined() && !o[key].isNull();
}

std::vector<std::string> keysOf(const val &o) {
  return emscripten::vecFromJSArray<std::string>(val::global("Object").call<val>("keys", o));
}

// Compiled programs by id; released by releaseProgram (viper.mjs does it on dispose).
std::unordered_map<uint32_t, std::shared_ptr<const drv::Program>> gPrograms;
uint32_t gNextProgram = 1;

// Line maps travel flat: IL map = [file, line, col] per IL line, bytecode map =
// [ilLine, file, line, col] per bytecode line, where file is 1 + the index in `files`
// (0 = no source position). Building one JS object per line here would cost a JS call
// per field; viper.mjs expands them.
val flatMap(const std::vector<drv::LineOrigin> &map, const std::vector<std::string> &files, bool withIlLine) {
  std::vector<uint32_t> flat;
  flat.reserve(map.size() * (withIlLine ? 4 : 3));
  for (const auto &o : map) {
    uint32_t fileIndex = 0;
    for (size_t i = 0; i < files.size(); ++i)
      if (!o.file.empty() && files[i] == o.file) { fileIndex = static_cast<uint32_t>(i + 1); break; }
    if (withIlLine) flat.push_back(o.ilLine);
    flat.push_back(fileIndex);
    flat.push_back(o.line);
    flat.push_back(o.col);
  }
  return u32s(flat);
}

// compile(sources: {name: string|Uint8Array}, language, options: {mainFile, wantTexts, optLevel})
val compile(val sources, std::string language, val options) {
  drv::CompileRequest req;
  req.language = std::move(language);
  std::vector<std::string> files = keysOf(sources);
  for (const auto &name : files) req.sources[name] = sources[name].as<std::string>();
  if (has(options, "mainFile")) req.mainFile = options["mainFile"].as<std::string>();
  if (has(options, "wantTexts")) req.wantTexts = options["wantTexts"].as<bool>();
  if (has(options, "optLevel")) req.optLevel = options["optLevel"].as<int>();  // 0 or 1 (default)
  drv::CompileResult r = drv::compile(req);

  val out = val::object();
  out.set("ok", r.ok);
  val diags = val::array();
  for (const auto &d : r.diagnostics) {
    val o = val::object();
    o.set("file", d.file);
    o.set("line", d.line);
    o.set("col", d.col);
    o.set("endLine", d.endLine);
    o.set("endCol", d.endCol);
    o.set("severity", d.severity);
    o.set("message", d.message);
    diags.call<void>("push", o);
  }
  out.set("diagnostics", diags);
  out.set("diagnosticsText", bytes(r.diagnosticsText));
  out.set("il", bytes(r.il));
  out.set("bytecode", bytes(r.bytecode));
  out.set("bytecodeError", r.bytecodeError);
  std::vector<std::string> mapFiles;
  for (const auto &[name, text] : req.sources) mapFiles.push_back(name);
  out.set("files", val::array(mapFiles));
  out.set("ilMap", flatMap(r.ilMap, mapFiles, false));
  out.set("bytecodeMap", flatMap(r.bytecodeMap, mapFiles, true));
  val stats = val::object();
  stats.set("frontEndMs", r.stats.frontEndMs);
  stats.set("passesMs", r.stats.passesMs);
  stats.set("bytecodeMs", r.stats.bytecodeMs);
  stats.set("ilInstructions", static_cast<double>(r.stats.ilInstructions));
  stats.set("bytecodeWords", static_cast<double>(r.stats.bytecodeWords));
  stats.set("constants", static_cast<double>(r.stats.constants));
  stats.set("functions", static_cast<double>(r.stats.functions));
  out.set("stats", stats);
  uint32_t id = 0;
  if (r.ok && r.program) {
    id = gNextProgram++;
    gPrograms.emplace(id, r.program);
  }
  out.set("program", id);
  return out;
}

void releaseProgram(uint32_t id) { gPrograms.erase(id); }

// One run. Constructed from a program id so JS never holds a Program handle; a bad id
// or a session that could not start answers every resume with status "error".
class Session {
public:
  Session(uint32_t programId, val options) {
    auto it = gPrograms.find(programId);
    if (it == gPrograms.end()) { startError_ = "no such program (disposed?)"; return; }
    drv::StartOptions so;
    if (has(options, "engine")) {
      std::string e = options["engine"].as<std::string>();
      if (e == "il") so.engine = drv::EngineKind::Reference;
      else if (e != "bc") { startError_ = "unknown engine '" + e + "' (available: bc, il)"; return; }
    }
    if (has(options, "args")) so.args = emscripten::vecFromJSArray<std::string>(options["args"]);
    if (has(options, "env")) {
      val env = options["env"];
      for (const auto &k : keysOf(env)) so.environment[k] = env[k].as<std::string>();
    }
    if (has(options, "stdin")) so.stdinText = options["stdin"].as<std::string>();
    if (has(options, "stdinClosed")) so.stdinClosed = options["stdinClosed"].as<bool>();
    if (has(options, "maxSteps")) so.maxSteps = toCount(options["maxSteps"].as<double>(), UINT64_MAX);
    if (has(options, "maxMemory")) so.maxMemory = toCount(options["maxMemory"].as<double>(), 0);
    if (has(options, "profile")) so.profile = options["profile"].as<bool>();
    session_ = drv::RunSession::start(it->second, so);
    if (!session_) startError_ = "the program could not start";
  }

  val resume(double budget) {
    val r = val::object();
    if (!session_) {
      r.set("status", std::string("error"));
      r.set("exitCode", 1);
      r.set("output", bytes(""));
      r.set("trap", val::null());
      r.set("error", startError_);
      r.set("steps", 0);
      return r;
    }
    uint64_t b = toCount(budget, UINT64_MAX);
    drv::SliceResult s = session_->resume(b == 0 ? 1 : b);
    r.set("status", std::string(drv::statusName(s.status)));
    r.set("exitCode", s.exitCode);
    r.set("output", bytes(s.output));
    if (s.status == drv::SliceResult::Status::Trap) {
      val t = val::object();
      t.set("kind", s.trap.kind);
      t.set("code", s.trap.code);
      t.set("message", s.trap.message);
      t.set("function", s.trap.function);
      t.set("file", s.trap.file);
      t.set("line", s.trap.line);
      t.set("col", s.trap.col);
      t.set("backtrace", val::array(s.trap.backtrace));
      t.set("text", bytes(s.trap.text));
      r.set("trap", t);
    } else {
      r.set("trap", val::null());
    }
    r.set("error", s.error);
    r.set("steps", static_cast<double>(s.steps));
    return r;
  }

  void pushInput(std::string text) { if (session_) session_->pushInput(text); }
  void closeInput() { if (session_) session_->closeInput(); }
  std::string profileText() const { return session_ ? session_->profileText() : std::string(); }

private:
  std::unique_ptr<drv::RunSession> session_;
  std::string startError_;
};

std::string version() { return drv::version(); }

// For leak tests and the playground's memory readout: bytes malloc has handed out now.
double memoryInUse() { return static_cast<double>(mallinfo().uordblks); }

} // namespace

EMSCRIPTEN_BINDINGS(viper) {
  emscripten::function("compile", &compile);
  emscripten::function("releaseProgram", &releaseProgram);
  emscripten::function("version", &version);
  emscripten::function("memoryInUse", &memoryInUse);
  emscripten::class_<Session>("Session")
      .constructor<uint32_t, val>()
      .function("resume", &Session::resume)
      .function("pushInput", &Session::pushInput)
      .function("closeInput", &Session::closeInput)
      .function("profileText", &Session::profileText);
}
