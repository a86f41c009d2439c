// SPDX-License-Identifier: Apache-2.0
// `mtasts parse tlsrpt-report [FILE|-]` and `mtasts build tlsrpt-report [FILE|-]`: TLS-RPT
// aggregate reports (RFC 8460 §4), read or built (mtasts/observation/report_result.h).
#pragma once

#include <string>

#include "command_result.h"

namespace mtasts::cli {

// Reads a report, JSON or gzip (application/tlsrpt+gzip), and observes it: exit 0 valid,
// 1 invalid. Throws cli_error when the file cannot be read (exit 2).
command_result run_parse_report(const std::string& file);

// Builds a report from the session results in a JSON file (fixtures/FORMAT.md,
// build_tlsrpt_report): exit 0 with the report. Throws cli_error for an unreadable file or
// malformed input (exit 2).
command_result run_build_report(const std::string& file);

}  // namespace mtasts::cli
