// SPDX-License-Identifier: Apache-2.0
#include "input.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "cli_error.h"

namespace mtasts::cli {

namespace {

struct file_closer {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

std::string describe(const std::string& path) { return path == "-" ? "standard input" : path; }

std::string read_all(std::FILE* file, const std::string& path) {
  std::string bytes;
  std::array<char, 65536> chunk{};
  for (;;) {
    const std::size_t count = std::fread(chunk.data(), 1, chunk.size(), file);
    bytes.append(chunk.data(), count);
    if (count < chunk.size()) break;
  }
  if (std::ferror(file) != 0) {
    const int error = errno;
    throw cli_error("cannot read " + describe(path) + ": " + std::strerror(error));
  }
  return bytes;
}

}  // namespace

std::string read_input(const std::string& path) {
  if (path == "-") return read_all(stdin, path);
  errno = 0;
  const std::unique_ptr<std::FILE, file_closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    const int error = errno;
    throw cli_error("cannot open " + path + ": " + std::strerror(error));
  }
  return read_all(file.get(), path);
}

}  // namespace mtasts::cli
