// SPDX-License-Identifier: Apache-2.0
// check_policy MX-HOST < policy.txt: is MX-HOST allowed by this MTA-STS policy file?
#include <mtasts/parser.h>
#include <mtasts/version.h>

#include <array>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: check_policy MX-HOST < policy.txt (libmtasts " << mtasts::version()
              << ")\n";
    return 2;
  }
  const std::string host = argv[1];
  const std::string body{std::istreambuf_iterator<char>(std::cin), {}};

  // The policy into caller-supplied storage: parsing never allocates.
  std::array<std::string_view, 16> mx;
  std::array<mtasts::extension, 8> extensions;
  const auto policy = mtasts::parse_policy(body, {mx, extensions});
  if (!policy.ok()) {
    const mtasts::parse_error& e = policy.error();
    std::cerr << "line " << e.line << ", column " << e.column << ": " << mtasts::token(e.code)
              << ": " << mtasts::message(e.code) << "\n";
    return 1;
  }
  for (std::string_view pattern : policy->mx) {
    // True only for a match; an invalid host matches nothing and says why in .error.
    if (mtasts::match_mx(pattern, host)) {
      std::cout << host << " is allowed by \"mx: " << pattern << "\"\n";
      return 0;
    }
  }
  std::cout << host << " matches no mx line of the policy\n";
  return 1;
}
