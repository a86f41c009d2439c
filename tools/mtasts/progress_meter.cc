// SPDX-License-Identifier: Apache-2.0
#include "progress_meter.h"

#include <unistd.h>

#include <cmath>

namespace mtasts::cli {

namespace {
// A terminal line is redrawn at most this often; the last one always.
constexpr std::chrono::milliseconds redraw_interval{200};
}  // namespace

progress_meter::progress_meter(std::ostream& out, std::string what, bool terminal)
    : out_(out), what_(std::move(what)), terminal_(terminal) {}

std::string progress_meter::line(const std::string& what, std::size_t done, std::size_t total,
                                 std::size_t failures, double elapsed_seconds) {
  const std::size_t percent = total == 0 ? 100 : done * 100 / total;
  std::string text = what + ": " + std::to_string(done) + "/" + std::to_string(total) + " (" +
                     std::to_string(percent) + "%), " + std::to_string(failures) + " unexpected";
  if (done > 0 && done < total) {
    const double left =
        elapsed_seconds / static_cast<double>(done) * static_cast<double>(total - done);
    text += ", about " + std::to_string(static_cast<long long>(std::ceil(left))) + " s left";
  }
  return text;
}

void progress_meter::update(std::size_t done, std::size_t total, std::size_t failures) {
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (terminal_) {
    if (done != total && now - last_draw_ < redraw_interval) return;
    last_draw_ = now;
    out_ << "\r\033[K" << line(what_, done, total, failures, elapsed) << std::flush;
    drawn_ = true;
    return;
  }
  const std::size_t tenth = total == 0 ? 10 : done * 10 / total;
  if (tenth <= last_tenth_) return;
  last_tenth_ = tenth;
  out_ << line(what_, done, total, failures, elapsed) << "\n" << std::flush;
}

void progress_meter::finish() {
  if (terminal_ && drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

bool stderr_is_terminal() { return ::isatty(2) == 1; }

}  // namespace mtasts::cli
