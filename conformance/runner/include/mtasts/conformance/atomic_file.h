// SPDX-License-Identifier: Apache-2.0
// Whole files the tools write (reports, expectations, the matrix, recorded fixtures,
// snapshots, ready files): either the complete new content is at the path, or the old file
// is untouched. The content goes to a temporary file in the same directory, is flushed to
// disk and renamed over the target; a failure, a full disk or a kill at any point leaves the
// target as it was. A streaming log that grows while a program runs is not a whole-file write
// and does not belong here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mtasts::conformance {

// Writes `content` to `path` atomically. nullopt on success, else "cannot write PATH: <errno
// text>"; the temporary file is then removed. The new file has mode 0666 minus the umask.
std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content);

// Whether write_file_atomically(path, ...) could succeed now: the directory exists and takes
// a new file, and `path` is not a directory. Checked before a long run so that a bad output
// path fails at once. nullopt when writable, else the same error text.
std::optional<std::string> check_writable(const std::string& path);

}  // namespace mtasts::conformance
