// Help that tells the truth: every command's --help lists the global options, the profile
// durations in help and README come from one table, --version says what was built, and the
// completion scripts know every command.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/command.hpp"
#include "app/run_profiles.hpp"
#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using testing::run_rigcheck;

TEST(Help, EveryCommandListsTheGlobalOptions) {
  for (const auto& entry : command_table()) {
    auto result = run_rigcheck({entry.name, "--help"});
    EXPECT_EQ(result.exit_code, 0) << entry.name;
    for (const char* option : {"Global options", "--sysroot", "--gpu", "--backend", "--policy", "--quiet", "--strict"})
      EXPECT_THAT(result.stdout_text, HasSubstr(option)) << "rigcheck " << entry.name << " --help";
  }
}

TEST(Help, ProfileDurationsComeFromTheProfileTable) {
  EXPECT_EQ(profile_durations_text(), "quick 60 s, standard 10 min, burn-in 1 h");
  auto result = run_rigcheck({"run", "--help"});
  // CLI11 may wrap the description: compare with whitespace collapsed.
  std::string help;
  for (char c : result.stdout_text)
    if (!(c == '\n' || (c == ' ' && !help.empty() && help.back() == ' '))) help += c;
  EXPECT_THAT(help, HasSubstr(profile_durations_text()));
}

TEST(Help, ReadmeStatesTheSameProfileDurations) {
  const std::string readme = testing::read_file(std::string(RIGCHECK_SOURCE_DIR) + "/README.md");
  EXPECT_THAT(readme, HasSubstr("(" + profile_durations_text() + ")"));
}

TEST(Help, VersionSaysWhatWasBuilt) {
  auto result = run_rigcheck({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.stdout_text, ::testing::StartsWith("rigcheck 0."));
  EXPECT_THAT(result.stdout_text, HasSubstr(" (git "));
  EXPECT_THAT(result.stdout_text, HasSubstr("\nbuild: "));
  EXPECT_THAT(result.stdout_text, HasSubstr("\nCUDA: "));
  EXPECT_THAT(result.stdout_text, HasSubstr("\nVulkan: headers "));
}

TEST(Help, CompletionScriptsKnowEveryCommand) {
  for (const char* shell : {"bash", "zsh"}) {
    auto result = run_rigcheck({"completion", shell});
    ASSERT_EQ(result.exit_code, 0) << shell;
    for (const auto& entry : command_table()) EXPECT_THAT(result.stdout_text, HasSubstr(entry.name)) << shell;
    EXPECT_THAT(result.stdout_text, HasSubstr("--sysroot")) << shell;
  }
}

}  // namespace
}  // namespace rigcheck
