// SPDX-License-Identifier: Apache-2.0
// Certificate summaries (see mtasts/x509_summary.h).
#include "mtasts/x509_summary.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "certificates.h"

namespace mtasts::engine {
namespace {

struct bio_deleter {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};

// RFC 2253 one-line form (OpenSSL's XN_FLAG_RFC2253: most specific RDN first, control
// characters and non-ASCII bytes escaped as hex pairs, unknown types dumped as #hex).
std::string one_line(const X509_NAME* name) {
  std::unique_ptr<BIO, bio_deleter> bio(BIO_new(BIO_s_mem()));
  if (!bio || name == nullptr || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) {
    ERR_clear_error();
    return {};
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

// A dNSName as text: its bytes, with control characters and bytes an IA5String cannot hold
// written "\xNN" so that nothing reaches a terminal raw.
std::string printable_dns_name(std::string_view bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7F) {
      out += c;
    } else {
      out += "\\x";
      out += hex[b >> 4U];
      out += hex[b & 0xFU];
    }
  }
  return out;
}

std::optional<std::int64_t> unix_time(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{year{tm.tm_year + 1900}, month{static_cast<unsigned>(tm.tm_mon + 1)},
                            day{static_cast<unsigned>(tm.tm_mday)}};
  if (!date.ok()) return std::nullopt;
  const sys_seconds at =
      sys_days{date} + hours{tm.tm_hour} + minutes{tm.tm_min} + seconds{tm.tm_sec};
  return at.time_since_epoch().count();
}

std::optional<certificate_summary> summarize(X509* cert) {
  certificate_summary s;
  const auto not_before = unix_time(X509_get0_notBefore(cert));
  const auto not_after = unix_time(X509_get0_notAfter(cert));
  if (!not_before || !not_after) return std::nullopt;
  s.not_before = *not_before;
  s.not_after = *not_after;
  s.subject = one_line(X509_get_subject_name(cert));
  s.issuer = one_line(X509_get_issuer_name(cert));
  for (const detail::san_dns_entry& entry : detail::san_dns_entries(cert)) {
    s.dns_names.push_back(printable_dns_name(entry.bytes));
  }
  s.self_signed = X509_self_signed(cert, 1) == 1;
  ERR_clear_error();
  return s;
}

using days = std::chrono::days;

days day_of(unix_seconds t) {
  return std::chrono::floor<days>(std::chrono::sys_seconds{std::chrono::seconds{t}})
      .time_since_epoch();
}

// A certificate's time can only lie in years 0000..9999 (RFC 5280 GeneralizedTime).
constexpr unix_seconds earliest_date = -62167219200;  // 0000-01-01T00:00:00Z
constexpr unix_seconds latest_date = 253402300799;    // 9999-12-31T23:59:59Z

std::string date_text(unix_seconds t) {
  if (t < earliest_date || t > latest_date) return "at unix time " + std::to_string(t);
  const std::chrono::year_month_day date{std::chrono::sys_days{day_of(t)}};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::string day_count(days::rep n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

}  // namespace

chain_summary summarize_chain(const cert_chain& chain) {
  chain_summary out;
  for (const std::string& element : chain.certificates) {
    std::vector<detail::x509_ptr> certs;
    if (!detail::read_certificates(element, certs)) {
      ++out.unreadable;
      continue;
    }
    for (const detail::x509_ptr& cert : certs) {
      if (std::optional<certificate_summary> s = summarize(cert.get())) {
        out.certificates.push_back(std::move(*s));
      } else {
        ++out.unreadable;
      }
    }
  }
  return out;
}

std::string describe_validity(const certificate_summary& c, unix_seconds now) {
  const days today = day_of(now);
  if (now < c.not_before) {
    const days::rep n = (day_of(c.not_before) - today).count();
    return "not valid before " + date_text(c.not_before) +
           (n == 0 ? " (today)" : " (in " + day_count(n) + ")");
  }
  if (now > c.not_after) {
    const days::rep n = (today - day_of(c.not_after)).count();
    return "expired " + date_text(c.not_after) +
           (n == 0 ? " (today)" : " (" + day_count(n) + " ago)");
  }
  const days::rep n = (day_of(c.not_after) - today).count();
  return "expires " + date_text(c.not_after) +
         (n == 0 ? " (today)" : " (" + day_count(n) + " left)");
}

}  // namespace mtasts::engine
