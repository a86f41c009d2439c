// SPDX-License-Identifier: Apache-2.0
#include "data_dir.h"

#include <cstdlib>
#include <system_error>

#include "cli_error.h"

namespace mtasts::cli {
namespace {

namespace fs = std::filesystem;

std::string& flag_value() {
  static std::string value;
  return value;
}

bool holds_data(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "fixtures", ec);
}

const char* const how_to_point =
    "give --data-dir DIR or set MTASTS_DATA_DIR to a directory holding fixtures/, corpus/, "
    "snapshots/ and conformance/ (an install has it as PREFIX/share/mtasts)";

}  // namespace

data_dir_lookup locate_data_dir(const data_dir_sources& sources) {
  // An explicit choice that is wrong is an error, not a reason to look elsewhere.
  if (!sources.flag.empty()) {
    if (holds_data(sources.flag)) return {fs::path(sources.flag), ""};
    return {{}, "--data-dir " + sources.flag + ": no fixtures/ in it; " + how_to_point};
  }
  if (!sources.env.empty()) {
    if (holds_data(sources.env)) return {fs::path(sources.env), ""};
    return {{}, "MTASTS_DATA_DIR=" + sources.env + ": no fixtures/ in it; " + how_to_point};
  }
  if (sources.executable.empty())
    return {{},
            std::string("no data directory: the running executable is unknown; ") + how_to_point};
  const fs::path beside =
      fs::path(sources.executable).parent_path().parent_path() / "share" / "mtasts";
  if (holds_data(beside)) return {beside.lexically_normal(), ""};
  return {{},
          "no data directory: --data-dir not given, MTASTS_DATA_DIR not set, and no "
          "fixtures/ in " +
              beside.lexically_normal().string() + " (beside the executable); " + how_to_point};
}

void set_data_dir_flag(const std::string& dir) { flag_value() = dir; }

const fs::path& data_dir() {
  static const data_dir_lookup found = [] {
    data_dir_sources sources;
    sources.flag = flag_value();
    if (const char* env = std::getenv("MTASTS_DATA_DIR"); env != nullptr) sources.env = env;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) sources.executable = self.string();
    return locate_data_dir(sources);
  }();
  if (found.dir.empty()) throw cli_error(found.error);
  return found.dir;
}

std::optional<fs::path> checkout_containing(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return std::nullopt;
  for (dir = dir.lexically_normal();; dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / "CMakeLists.txt", ec) && fs::is_directory(dir / "fixtures", ec) &&
        fs::is_directory(dir / "conformance" / "expectations", ec) &&
        fs::is_directory(dir / "tools" / "mtasts", ec))
      return dir;
    if (dir == dir.parent_path()) return std::nullopt;
  }
}

fs::path checkout_to_write(const std::string& what, const std::string& flag) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (!ec) {
    if (std::optional<fs::path> checkout = checkout_containing(cwd)) return *checkout;
  }
  throw cli_error(what +
                  ": the current directory is in no mtasts source checkout, and the "
                  "data directory is never written; give " +
                  flag +
                  " or run it inside a "
                  "checkout");
}

}  // namespace mtasts::cli
