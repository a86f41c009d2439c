// SPDX-License-Identifier: Apache-2.0
// The deviation classes of a run (see deviation_table.h).
#include "deviation_table.h"

namespace mtasts::cli::fuzz_diff {

void deviation_table::add_known(const std::string& impl, question_kind kind,
                                const std::string& signature, bool failure,
                                const std::string& test) {
  auto [it, inserted] = classes_.try_emplace({impl, signature});
  if (!inserted) return;
  it->second.implementation = impl;
  it->second.kind = kind;
  it->second.signature = signature;
  it->second.failure = failure;
  it->second.known_from = test;
}

std::pair<deviation_class*, bool> deviation_table::count(const std::string& impl,
                                                         question_kind kind,
                                                         const std::string& signature,
                                                         bool failure) {
  auto it = classes_.find({impl, signature});
  if (it == classes_.end()) {
    if (classes_.size() >= max_classes) {
      ++overflow_;
      return {nullptr, false};
    }
    it = classes_.try_emplace({impl, signature}).first;
    it->second.implementation = impl;
    it->second.kind = kind;
    it->second.signature = signature;
    it->second.failure = failure;
  }
  ++it->second.generated;
  const bool first = it->second.known_from.empty() && it->second.generated == 1;
  return {&it->second, first};
}

std::vector<const deviation_class*> deviation_table::classes() const {
  std::vector<const deviation_class*> out;
  for (const auto& [key, c] : classes_) out.push_back(&c);
  return out;
}

}  // namespace mtasts::cli::fuzz_diff
