// SPDX-License-Identifier: Apache-2.0
// A temporary directory of ours is removed whole even when its owner and the interrupt path
// remove it at the same moment: two concurrent removals must not leave an empty directory
// behind (one finding an entry the other already took and giving up before its rmdir).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "mtasts/conformance/containment.h"

namespace fs = std::filesystem;
using mtasts::conformance::make_temp_path;
using mtasts::conformance::remove_temp_path;

namespace {

std::string make_full_directory(int files) {
  const std::optional<std::string> made = make_temp_path([]() -> std::optional<std::string> {
    std::string templ = fs::temp_directory_path().string() + "/mtasts-temp-path-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) return std::nullopt;
    return templ;
  });
  if (!made) return {};
  for (int i = 0; i < files; ++i) std::ofstream(*made + "/f" + std::to_string(i)) << i;
  return *made;
}

TEST(TempPath, RemovedWholeBySeveralRemoversAtOnce) {
  for (int round = 0; round < 10; ++round) {
    const std::string dir = make_full_directory(200);
    ASSERT_FALSE(dir.empty());
    // The interrupt path exits the process as soon as its removal returns, so each remover
    // must leave the directory gone when it returns, not count on the other finishing.
    std::atomic<int> ready{0};
    std::atomic<int> returned_with_directory{0};
    auto remover = [&] {
      ready.fetch_add(1);
      while (ready.load() < 2) {
      }
      remove_temp_path(dir);
      if (fs::exists(dir)) returned_with_directory.fetch_add(1);
    };
    std::thread other(remover);
    remover();
    other.join();
    ASSERT_EQ(returned_with_directory.load(), 0) << "round " << round;
    ASSERT_FALSE(fs::exists(dir)) << "round " << round << " left " << dir;
  }
}

TEST(TempPath, RemovingAMissingPathIsHarmless) {
  const std::string dir = make_full_directory(1);
  ASSERT_FALSE(dir.empty());
  remove_temp_path(dir);
  remove_temp_path(dir);
  EXPECT_FALSE(fs::exists(dir));
}

}  // namespace
