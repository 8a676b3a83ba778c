// Zia programs of several files (spec/zia.md §2, §7 Modules): `bind "./file";` makes the
// declarations of another .zia file part of the program.
#pragma once
#include "frontends/zia/ast.hpp"
#include "support/diag.hpp"
#include <string>
#include <string_view>
#include <vector>

namespace viper::zia {

/// The file `bind "spec"` in file `importer` names: relative to the importer's
/// directory, `.zia` added when the last part has no extension, `.` and `..` folded
/// ("lib/../util" is "util"). Paths use `/`.
std::string bindTarget(const std::string &importer, const std::string &spec);

/// The files a source text binds (`bind "./x";`), as bindTarget paths. A host that reads
/// files (the CLI) loads these, and theirs, before compiling; the front end itself only
/// looks in the SourceManager it is given.
std::vector<std::string> fileBinds(const std::string &path, std::string_view text);

/// Parses file `fileId` and every file it binds, directly or not (each once, found in
/// `sm` by path), into one Program: a bound file's declarations come before those of the
/// file that binds it. A missing file, a cycle and binds nested too deep are errors at
/// the `bind`.
Program loadProgram(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags);

} // namespace viper::zia
