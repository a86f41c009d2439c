// SPDX-License-Identifier: Apache-2.0
// Test-only: renders one conform report document as DIR/report.html and DIR/report.md, for
// tools/tests/pages/check_pages.py until `mtasts conform --report DIR` writes them itself.
//   render_report_page REPORT.json DIR
#include <iostream>
#include <string>

#include "mtasts/conformance/atomic_file.h"
#include "mtasts/conformance/json_file.h"
#include "mtasts/conformance/report_pages.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: render_report_page REPORT.json DIR\n";
    return 2;
  }
  std::string error;
  const auto report = mtasts::conformance::read_json_file(argv[1], error);
  if (!report) {
    std::cerr << "render_report_page: " << error << "\n";
    return 2;
  }
  const std::string dir = argv[2];
  for (const auto& [name, text] :
       {std::pair{"/report.html", mtasts::conformance::report_html(*report)},
        std::pair{"/report.md", mtasts::conformance::report_markdown(*report)}}) {
    if (const auto failed = mtasts::conformance::write_file_atomically(dir + name, text)) {
      std::cerr << "render_report_page: " << *failed << "\n";
      return 2;
    }
  }
  return 0;
}
