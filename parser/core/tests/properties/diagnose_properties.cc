// SPDX-License-Identifier: Apache-2.0
// diagnose_policy and diagnose_txt_record agree with the strict parsers: on generated valid
// input and on its mutants, the first error is the parser's error (token and position), and
// a valid input has no error.
#include <algorithm>
#include <string>
#include <vector>

#include "generators.h"
#include "mtasts/diagnose.h"
#include "property_support.h"

namespace {

template <class Parsed>
void agree(const std::vector<mtasts::diagnostic>& diagnostics, const Parsed& parsed) {
  const auto first_error =
      std::find_if(diagnostics.begin(), diagnostics.end(),
                   [](const mtasts::diagnostic& d) { return d.level == mtasts::severity::error; });
  if (parsed.ok()) {
    RC_ASSERT(first_error == diagnostics.end());
    return;
  }
  RC_ASSERT(first_error == diagnostics.begin());
  RC_ASSERT(first_error->code == parsed.error().code);
  RC_ASSERT(first_error->offset == parsed.error().offset);
  RC_ASSERT(first_error->line == parsed.error().line);
  RC_ASSERT(first_error->column == parsed.error().column);
}

}  // namespace

RC_GTEST_PROP(DiagnoseProperties, PolicyFirstErrorIsTheStrictError, ()) {
  const mtasts_props::policy_model m = *mtasts_props::gen_policy();
  const std::string body = *mtasts_props::gen_mutant(m.text);
  agree(mtasts::diagnose_policy(m.text), mtasts::parse_policy(m.text));
  agree(mtasts::diagnose_policy(body), mtasts::parse_policy(body));
}

RC_GTEST_PROP(DiagnoseProperties, TxtFirstErrorIsTheStrictError, ()) {
  const mtasts_props::txt_model m = *mtasts_props::gen_txt_record();
  const std::string record = *mtasts_props::gen_mutant(m.text);
  agree(mtasts::diagnose_txt_record(m.text), mtasts::parse_txt_record(m.text));
  agree(mtasts::diagnose_txt_record(record), mtasts::parse_txt_record(record));
}
