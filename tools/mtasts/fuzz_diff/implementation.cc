// SPDX-License-Identifier: Apache-2.0
// The implementations fuzz-diff asks (see implementation.h).
#include "implementation.h"

#include <filesystem>

#include "cli_error.h"
#include "data_dir.h"
#include "idna_choice.h"
#include "mtasts/conformance/blackbox_profile.h"
#include "mtasts/conformance/engine_observer.h"
#include "mtasts/conformance/shim_identity.h"

namespace mtasts::cli::fuzz_diff {
namespace {

constexpr std::string_view engine_prefix = "mtasts:";
constexpr int unimplemented_exit = 89;

}  // namespace

bool profile_models(const parser_profile& profile, question_kind kind) {
  switch (kind) {
    case question_kind::txt:
    case question_kind::txt_records:
      return covers(profile.kinds, profile_kind::txt);
    case question_kind::policy:
      return covers(profile.kinds, profile_kind::policy);
    case question_kind::tlsrpt:
      return covers(profile.kinds, profile_kind::tlsrpt);
    case question_kind::match:
    case question_kind::cert_match:
      return true;
  }
  return false;
}

conformance::level_p_answer engine_answer(const conformance::level_p_input& question,
                                          const parser_profile& profile) {
  conformance::level_p_answer a;
  const std::optional<question_kind> kind = question_kind_of(question.action);
  if (!kind || !profile_models(profile, *kind)) {
    a.status = conformance::level_p_status::unimplemented;
    a.exit_code = unimplemented_exit;
    return a;
  }
  conformance::engine_p_answer e = conformance::answer_level_p(question, profile, cli_idna());
  if (!e.input_error.empty()) {
    a.status = conformance::level_p_status::crashed;
    a.crash_cause = "input";
    a.detail = e.input_error;
    return a;
  }
  a.output = std::move(e.observed.value);
  a.exit_code = conformance::exit_code_of(e.observed.outcome);
  return a;
}

std::unique_ptr<implementation> implementation::open(const std::string& spec,
                                                     std::chrono::milliseconds timeout) {
  std::unique_ptr<implementation> impl(new implementation());
  if (spec.starts_with(engine_prefix)) {
    const std::string profile(spec.substr(engine_prefix.size()));
    impl->profile_ = find_profile(profile);
    if (!impl->profile_)
      throw cli_error("--impl " + spec + ": unknown profile '" + profile +
                      "' (see `mtasts profiles`)");
    impl->name_ = spec;
    return impl;
  }
  namespace fs = std::filesystem;
  fs::path path = spec;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    path = data_dir() / "conformance" / "shim-configs" / (spec + ".json");
    if (!fs::is_regular_file(path, ec))
      throw cli_error("--impl " + spec +
                      ": neither mtasts:PROFILE, a shim config file, nor the name of a config in " +
                      (data_dir() / "conformance" / "shim-configs").string());
  }
  std::string error;
  impl->config_ = conformance::shim_config::load(path.string(), error);
  if (!impl->config_) throw cli_error("--impl " + spec + ": " + error);
  const std::string command =
      conformance::expand_placeholders(impl->config_->shim, {{"data_dir", data_dir().string()}});
  if (command.empty()) throw cli_error("--impl " + spec + ": the config names no shim");
  const std::vector<std::string> argv = conformance::split_shim_command(command);
  const conformance::identity_answer id = conformance::ask_identity(
      argv, std::chrono::duration_cast<std::chrono::seconds>(timeout) + std::chrono::seconds(5));
  if (id.status != conformance::identity_status::answered)
    throw cli_error("--impl " + spec + ": " + command + " --capabilities: " + id.error);
  if (!id.identity.levels.count("batch"))
    throw cli_error("--impl " + spec + ": the shim declares no \"batch\" level " +
                    "(conformance/PROTOCOL.md \"Batch\"); fuzz-diff asks through batch mode only");
  impl->name_ = impl->config_->impl.empty() ? id.identity.name : impl->config_->impl;
  impl->version_ = id.identity.version;
  impl->capabilities_ = id.identity.capabilities;
  impl->batch_ = std::make_unique<conformance::batch_shim>(argv, timeout);
  return impl;
}

bool implementation::answers(question_kind kind) const {
  if (profile_) return profile_models(*profile_, kind);
  return capabilities_.count(conformance::describe(action_of(kind)).needs) > 0;
}

conformance::level_p_answer implementation::ask(const conformance::level_p_input& question) {
  const auto started = std::chrono::steady_clock::now();
  ++asked_;
  conformance::level_p_answer a =
      profile_ ? engine_answer(question, *profile_) : batch_->ask(question);
  busy_ += std::chrono::steady_clock::now() - started;
  return a;
}

}  // namespace mtasts::cli::fuzz_diff
