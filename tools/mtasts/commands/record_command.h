// SPDX-License-Identifier: Apache-2.0
// `mtasts record DOMAIN -o FILE [--starttls]`: runs `check` through recording ports and
// writes what was seen as a fixture (`mtasts-fixture/1`, fixtures/FORMAT.md): one
// ScenarioTest with one `lookup` (or `deliver`) step whose dns, https and mx entries are
// every exchange, `now` the time of the check and `expect` the observation, so that
// `mtasts conform FILE` replays it to the same verdict. Exit as `check`.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "check_command.h"

namespace mtasts::cli {

struct record_request {
  std::string domain;
  std::string output;  // -o FILE
  bool starttls = false;
  network_options network;
};

// The fixture file for a finished run.
observation::json recorded_fixture(const std::string& domain, bool starttls,
                                   const live::live_run& run, const live::live_world& world);

int run_record(const record_request& request);

void add_record_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli
