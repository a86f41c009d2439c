// SPDX-License-Identifier: Apache-2.0
// gtest assertions shared by the tests of the single-line record parsers (_mta-sts TXT,
// _smtp._tls TLS-RPT): a result parses, fails with a token, fails at an offset.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/extension.h"
#include "mtasts/result.h"

namespace mtasts_test {

template <class Record>
testing::AssertionResult Parses(const mtasts::result<Record>& r) {
  if (r.ok()) return testing::AssertionSuccess();
  return testing::AssertionFailure()
         << "expected a valid record, got " << mtasts::token(r.error().code) << " at offset "
         << r.error().offset;
}

template <class Record>
testing::AssertionResult FailsWith(const mtasts::result<Record>& r, mtasts::error_code want) {
  if (r.ok())
    return testing::AssertionFailure() << "expected " << mtasts::token(want) << ", parsed OK";
  if (r.error().code != want) {
    return testing::AssertionFailure()
           << "expected " << mtasts::token(want) << ", got " << mtasts::token(r.error().code)
           << " at offset " << r.error().offset;
  }
  return testing::AssertionSuccess();
}

// Code, offset, and (single-line input) line 1, column offset + 1.
template <class Record>
testing::AssertionResult FailsAt(const mtasts::result<Record>& r, mtasts::error_code want,
                                 std::size_t offset) {
  auto code = FailsWith(r, want);
  if (!code) return code;
  const auto& e = r.error();
  if (e.offset != offset || e.line != 1 || e.column != offset + 1) {
    return testing::AssertionFailure()
           << mtasts::token(want) << ": expected offset " << offset << " (1:" << offset + 1
           << "), got offset " << e.offset << " (" << e.line << ":" << e.column << ")";
  }
  return testing::AssertionSuccess();
}

template <class Record>
std::vector<mtasts::extension> Extensions(const Record& record) {
  std::vector<mtasts::extension> out;
  for (const mtasts::extension& e : record.extensions()) out.push_back(e);
  return out;
}

}  // namespace mtasts_test
