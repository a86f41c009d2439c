// SPDX-License-Identifier: Apache-2.0
// Whole-file writes by temporary file, fsync and rename; see atomic_file.h.
#include "mtasts/conformance/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "mtasts/conformance/containment.h"

namespace mtasts::conformance {
namespace {

namespace fs = std::filesystem;

std::string failure(const std::string& path, int error) {
  return "cannot write " + path + ": " + std::strerror(error);
}

// ".NAME.PID-N.tmp" beside the target: same file system (so rename is atomic), hidden, and
// unique across threads and processes; O_EXCL makes sure it is ours.
struct temp_file {
  std::string path;
  int fd = -1;
  int error = 0;
};

temp_file create_temp_beside(const std::string& target) {
  static std::atomic<unsigned> counter{0};
  const fs::path t(target);
  const fs::path dir = t.parent_path().empty() ? fs::path(".") : t.parent_path();
  temp_file out;
  for (;;) {  // EEXIST only for a name a killed process left: the next one is new
    const std::string candidate =
        (dir / ("." + t.filename().string() + "." + std::to_string(::getpid()) + "-" +
                std::to_string(counter++) + ".tmp"))
            .string();
    std::optional<std::string> made = make_temp_path([&]() -> std::optional<std::string> {
      // 0666: the umask makes it the mode of any new file.
      out.fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (out.fd < 0) {
        out.error = errno;
        return std::nullopt;
      }
      return candidate;
    });
    if (made) {
      out.path = *made;
      return out;
    }
    if (out.error == 0) out.error = EINTR;  // the run is stopping
    if (out.error != EEXIST) return out;
    out.error = 0;
  }
}

void discard(temp_file& temp) {
  if (temp.fd >= 0) ::close(temp.fd);
  temp.fd = -1;
  ::unlink(temp.path.c_str());
  forget_temp_path(temp.path);
}

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The rename itself on disk: fsync of the directory (best effort; some file systems refuse).
void sync_directory(const std::string& target) {
  const fs::path parent = fs::path(target).parent_path();
  const int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  ::fsync(dir);
  ::close(dir);
}

}  // namespace

std::optional<std::string> write_file_atomically(const std::string& path,
                                                 std::string_view content) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return failure(path, EISDIR);
  temp_file temp = create_temp_beside(path);
  if (temp.fd < 0) return failure(path, temp.error);
  if (!write_all(temp.fd, content) || ::fsync(temp.fd) != 0) {
    const int error = errno;
    discard(temp);
    return failure(path, error);
  }
  const int fd = temp.fd;
  temp.fd = -1;
  if (::close(fd) != 0) {
    const int error = errno;
    discard(temp);
    return failure(path, error);
  }
  if (::rename(temp.path.c_str(), path.c_str()) != 0) {
    const int error = errno;
    discard(temp);
    return failure(path, error);
  }
  forget_temp_path(temp.path);
  sync_directory(path);
  return std::nullopt;
}

std::optional<std::string> check_writable(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return failure(path, EISDIR);
  temp_file temp = create_temp_beside(path);
  if (temp.fd < 0) return failure(path, temp.error);
  discard(temp);
  return std::nullopt;
}

}  // namespace mtasts::conformance
