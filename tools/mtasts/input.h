// SPDX-License-Identifier: Apache-2.0
// Reading a command's input: a file, or standard input for "-", as raw bytes.
#pragma once

#include <string>

namespace mtasts::cli {

// Returns every byte of the file (or of stdin when path is "-") exactly as stored: no
// newline translation or stripping, NUL bytes kept. Throws cli_error when the file cannot
// be opened or read.
std::string read_input(const std::string& path);

}  // namespace mtasts::cli
