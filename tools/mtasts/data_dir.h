// SPDX-License-Identifier: Apache-2.0
// Where mtasts finds its data (fixtures/, corpus/, snapshots/, conformance/...) and where it
// may write data back: the one home of both rules (README.md, "Where mtasts finds its data").
//
// Reading, first found wins: --data-dir DIR, then $MTASTS_DATA_DIR, then
// <directory of the running executable>/../share/mtasts. An install prefix is relocatable
// that way; a build tree holds <build>/share/mtasts with links into its source tree.
// Writing (diff --update, conform --update-expectations) goes where a flag says, else into
// the source checkout that contains the current directory; never into a data directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace mtasts::cli {

// What the data directory is looked up from; every field may be empty.
struct data_dir_sources {
  std::string flag;        // --data-dir
  std::string env;         // $MTASTS_DATA_DIR
  std::string executable;  // the running executable's path (/proc/self/exe)
};

struct data_dir_lookup {
  std::filesystem::path dir;  // empty when not found
  std::string error;          // why not: what was looked for and how to point at it
};

// The rule alone, for tests: a directory counts when it holds fixtures/.
data_dir_lookup locate_data_dir(const data_dir_sources& sources);

// Set by main() from the global --data-dir option.
void set_data_dir_flag(const std::string& dir);

// The data directory of this run (the flag, the environment, /proc/self/exe). Throws
// cli_error (exit 2) naming what was looked for.
const std::filesystem::path& data_dir();

// The mtasts source checkout that holds `start` or one of its parents (a directory with
// CMakeLists.txt, fixtures/, conformance/expectations/ and tools/mtasts/), if any.
std::optional<std::filesystem::path> checkout_containing(const std::filesystem::path& start);

// Where a command writes data it was not told where to write: the checkout that contains
// the current directory. Throws cli_error naming `flag` when there is none.
std::filesystem::path checkout_to_write(const std::string& what, const std::string& flag);

}  // namespace mtasts::cli
