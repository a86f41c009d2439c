// SPDX-License-Identifier: Apache-2.0
// RFC 8460 §5.3: reports arrive as JSON or gzip-compressed JSON ("application/tlsrpt+gzip").
// zlib inflates; the output is bounded by max_report_bytes so a gzip bomb stops there.
#include <zlib.h>

#include <array>
#include <string>

#include "mtasts/tlsrpt_report.h"

namespace mtasts::tlsrpt {
namespace {

// RFC 1952 §2.3.1: ID1 ID2.
bool is_gzip(std::string_view bytes) noexcept {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

report_parse_result refused(error_code code, const std::string& what) {
  report_parse_result r;
  r.code = code;
  r.error = "/: " + what;
  return r;
}

class inflater {
 public:
  inflater() { ok_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK; }  // 16: gzip only
  ~inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  inflater(const inflater&) = delete;
  inflater& operator=(const inflater&) = delete;

  // The decompressed members (RFC 1952 §2.2: a file is one or more members), or an error.
  report_parse_result run(std::string_view bytes, std::string& out) {
    if (!ok_) return refused(error_code::TLSRPT_REPORT_GZIP, "cannot start zlib");
    // zlib's interface takes a non-const pointer but never writes through next_in.
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast)
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream_.avail_in = static_cast<uInt>(bytes.size());
    std::array<char, 65536> chunk{};
    for (;;) {
      stream_.next_out = reinterpret_cast<Bytef*>(chunk.data());
      stream_.avail_out = static_cast<uInt>(chunk.size());
      const int status = inflate(&stream_, Z_NO_FLUSH);
      const std::size_t produced = chunk.size() - stream_.avail_out;
      if (out.size() + produced > max_report_bytes) {
        return refused(error_code::TLSRPT_REPORT_TOO_LARGE,
                       "decompressed report is larger than the limit of " +
                           std::to_string(max_report_bytes) + " bytes");
      }
      out.append(chunk.data(), produced);
      if (status == Z_STREAM_END) {
        if (stream_.avail_in == 0) return {};
        if (inflateReset(&stream_) != Z_OK)
          return refused(error_code::TLSRPT_REPORT_GZIP, "cannot restart zlib");
        continue;  // the next member
      }
      if (status == Z_BUF_ERROR && stream_.avail_in == 0)
        return refused(error_code::TLSRPT_REPORT_GZIP, "gzip stream is truncated");
      if (status != Z_OK && status != Z_BUF_ERROR) {
        return refused(error_code::TLSRPT_REPORT_GZIP,
                       std::string("gzip stream is corrupt: ") +
                           (stream_.msg != nullptr ? stream_.msg : "zlib error"));
      }
    }
  }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

}  // namespace

report_parse_result parse_report_bytes(std::string_view bytes) noexcept {
  if (!is_gzip(bytes)) return parse_report(bytes);
  try {
    // zlib counts input in 32-bit uInt: a compressed report larger than the text limit is
    // refused before it is read (a report compresses, it does not grow).
    if (bytes.size() > max_report_bytes) {
      return refused(error_code::TLSRPT_REPORT_TOO_LARGE,
                     "compressed report is larger than the limit of " +
                         std::to_string(max_report_bytes) + " bytes");
    }
    std::string text;
    inflater zlib;
    report_parse_result inflated = zlib.run(bytes, text);
    if (inflated.code) return inflated;
    return parse_report(text);
  } catch (...) {  // out of memory
    report_parse_result r;
    r.code = error_code::TLSRPT_REPORT_TOO_LARGE;
    return r;
  }
}

}  // namespace mtasts::tlsrpt
