// SPDX-License-Identifier: Apache-2.0
// `mtasts shim init` (see shim_init_command.h).
#include "shim_init_command.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "cli_error.h"
#include "data_dir.h"
#include "mtasts/conformance/impl_name.h"

namespace mtasts::cli {
namespace fs = std::filesystem;
namespace {

// The placeholder a template writes as {{KEY}}, replaced everywhere.
std::string fill(std::string text, const std::string& key, const std::string& value) {
  const std::string placeholder = "{{" + key + "}}";
  for (std::size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
  return text;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw cli_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The languages the data directory has templates for, for the error message.
std::string known_languages(const fs::path& templates) {
  std::string out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(templates, ec)) {
    if (e.is_directory()) out += (out.empty() ? "" : ", ") + e.path().filename().string();
  }
  return out;
}

std::string default_name(const std::string& dir) {
  std::string last = fs::path(dir).lexically_normal().filename().string();
  if (!last.empty() && !conformance::impl_name_problem(last)) return last;
  return "myimpl";
}

}  // namespace

int run_shim_init(const shim_init_request& request) {
  const fs::path templates = data_dir() / "conformance" / "shim-templates";
  const fs::path source = templates / request.lang;
  if (request.lang.empty() || request.lang.find('/') != std::string::npos ||
      !fs::is_directory(source))
    throw cli_error("no shim template for --lang " + request.lang +
                    " (known: " + known_languages(templates) + ")");
  const std::string name = request.name.empty() ? default_name(request.dir) : request.name;
  if (const std::optional<std::string> bad = conformance::impl_name_problem(name))
    throw cli_error("--name: " + *bad);

  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(source)) {
    if (e.is_regular_file()) files.push_back(e.path().filename());
  }
  std::sort(files.begin(), files.end());
  const fs::path dir(request.dir);
  std::vector<std::string> existing;
  for (const fs::path& f : files) {
    if (fs::exists(dir / f)) existing.push_back((dir / f).string());
  }
  if (!existing.empty()) {
    std::cerr << "mtasts: not overwriting existing files (remove them or choose another DIR):\n";
    for (const std::string& e : existing) std::cerr << "  " << e << "\n";
    return 2;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw cli_error("cannot create " + dir.string() + ": " + ec.message());

  std::string shim_file;
  for (const fs::path& f : files) {
    const std::string text = fill(fill(read_all(source / f), "NAME", name), "DIR", dir.string());
    std::ofstream out(dir / f, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw cli_error("cannot write " + (dir / f).string());
    if (f.stem() == "shim") {
      shim_file = (dir / f).string();
      fs::permissions(dir / f,
                      fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                      fs::perm_options::add, ec);
    }
    std::cout << "wrote " << (dir / f).string() << "\n";
  }
  const std::string interpreter = request.lang == "node" ? "node" : "python3";
  std::cout << "next: mtasts conform --shim \"" << interpreter << " " << shim_file << "\" --impl "
            << name << " --jobs 2\n"
            << "(the skeleton declares no capability, so no test runs yet: see "
            << (dir / "README.md").string() << ")\n";
  return 0;
}

void add_shim_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  static shim_init_request request;
  CLI::App* shim = app.add_subcommand(
      "shim", "help write a shim for `mtasts conform` (conformance/PROTOCOL.md)");
  shim->require_subcommand(1);
  CLI::App* init = shim->add_subcommand(
      "init",
      "write a skeleton shim and its README into DIR (created when missing): it answers the "
      "handshake and exits 89 (unimplemented) for every question; exit 2, writing nothing, "
      "when a file exists already");
  init->add_option("--lang", request.lang, "python or node")->required()->type_name("LANG");
  init->add_option("DIR", request.dir, "where to write the shim")->required();
  init->add_option("--name", request.name,
                   "the implementation's name (default: DIR's last component)");
  init->callback([&chosen] { chosen = [] { return run_shim_init(request); }; });
}

}  // namespace mtasts::cli
