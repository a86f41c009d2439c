// SPDX-License-Identifier: Apache-2.0
// Where mtasts finds its data: --data-dir, then $MTASTS_DATA_DIR, then ../share/mtasts beside
// the executable; an explicit choice that holds no fixtures/ is an error, not skipped.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "data_dir.h"

namespace mtasts::cli {
namespace {

namespace fs = std::filesystem;

// A temporary prefix with bin/ and three candidate data directories.
class DataDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "mtasts-data-dir-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    for (const char* d :
         {"flag/fixtures", "env/fixtures", "prefix/bin", "prefix/share/mtasts/fixtures", "empty"})
      fs::create_directories(root_ / d);
  }
  void TearDown() override { fs::remove_all(root_); }
  [[nodiscard]] std::string at(const char* p) const { return (root_ / p).string(); }
  [[nodiscard]] std::string exe() const { return at("prefix/bin/mtasts"); }
  fs::path root_;
};

TEST_F(DataDir, FlagComesFirst) {
  const data_dir_lookup found = locate_data_dir({at("flag"), at("env"), exe()});
  EXPECT_EQ(found.dir, at("flag"));
  EXPECT_EQ(found.error, "");
}

TEST_F(DataDir, EnvironmentBeforeTheExecutable) {
  EXPECT_EQ(locate_data_dir({"", at("env"), exe()}).dir, at("env"));
}

TEST_F(DataDir, ShareBesideTheExecutableLast) {
  EXPECT_EQ(locate_data_dir({"", "", exe()}).dir, at("prefix/share/mtasts"));
}

TEST_F(DataDir, AWrongFlagIsAnErrorNotSkipped) {
  const data_dir_lookup found = locate_data_dir({at("empty"), at("env"), exe()});
  EXPECT_TRUE(found.dir.empty());
  EXPECT_EQ(
      found.error.rfind("--data-dir " + at("empty") +
                            ": no fixtures/ in it; give --data-dir DIR or set MTASTS_DATA_DIR",
                        0),
      0U)
      << found.error;
}

TEST_F(DataDir, AWrongEnvironmentIsAnErrorNotSkipped) {
  const data_dir_lookup found = locate_data_dir({"", at("empty"), exe()});
  EXPECT_TRUE(found.dir.empty());
  EXPECT_EQ(found.error.rfind("MTASTS_DATA_DIR=" + at("empty") + ": no fixtures/ in it", 0), 0U)
      << found.error;
}

TEST_F(DataDir, NothingFoundNamesWhereItLookedAndHowToPointAtIt) {
  fs::remove_all(root_ / "prefix/share");
  const data_dir_lookup found = locate_data_dir({"", "", exe()});
  EXPECT_TRUE(found.dir.empty());
  EXPECT_NE(found.error.find("no fixtures/ in " + at("prefix/share/mtasts")), std::string::npos)
      << found.error;
  EXPECT_NE(found.error.find("give --data-dir DIR or set MTASTS_DATA_DIR"), std::string::npos);
  EXPECT_NE(locate_data_dir({"", "", ""}).error.find("executable is unknown"), std::string::npos);
}

TEST_F(DataDir, ACheckoutIsFoundFromInsideItADataDirectoryIsNot) {
  const fs::path checkout = root_ / "checkout";
  for (const char* d : {"fixtures", "conformance/expectations", "tools/mtasts", "build/gcc"})
    fs::create_directories(checkout / d);
  { std::ofstream(checkout / "CMakeLists.txt") << "project(mtasts)\n"; }
  EXPECT_EQ(checkout_containing(checkout / "build/gcc"), checkout);
  EXPECT_EQ(checkout_containing(checkout), checkout);
  EXPECT_EQ(checkout_containing(root_ / "prefix/share/mtasts"), std::nullopt);
  EXPECT_EQ(checkout_containing("/"), std::nullopt);
}

}  // namespace
}  // namespace mtasts::cli
