#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/policy.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;

TEST(Policy, BuiltinsLoad) {
  for (const auto& name : builtin_policy_names()) {
    auto policy = load_policy(name);
    ASSERT_TRUE(policy.ok()) << policy.error();
    EXPECT_EQ(policy->name, name);
    EXPECT_FALSE(policy->gpt2.required.empty());
  }
  EXPECT_EQ(load_policy("gpt2-finetune")->pcie_errors.replay_fail_above, 80u);  // DCGM's bar
}

TEST(Policy, ValuesOverrideDefaults) {
  auto policy = parse_policy("name = \"mine\"\n[pcie.errors]\ncorrectable_warn_above = 3\n[power]\nmin_fraction_of_limit = 0.9\n",
                             "test");
  ASSERT_TRUE(policy.ok()) << policy.error();
  EXPECT_EQ(policy->pcie_errors.correctable_warn_above, 3u);
  EXPECT_DOUBLE_EQ(policy->power.min_fraction_of_limit, 0.9);
  EXPECT_EQ(policy->pcie_errors.replay_fail_above, 80u);  // untouched default
}

TEST(Policy, UnknownKeyNamesKeyAndLine) {
  auto policy = parse_policy("name = \"x\"\n\n[thermal]\nmargin = 3\n", "mine.toml");
  ASSERT_FALSE(policy.ok());
  EXPECT_THAT(policy.error(), HasSubstr("mine.toml line 4"));
  EXPECT_THAT(policy.error(), HasSubstr("'thermal.margin'"));
}

TEST(Policy, WrongTypesAreNamed) {
  auto text = parse_policy("[pcie.errors]\ncorrectable_warn_above = \"ten\"\n", "p");
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.error(), HasSubstr("non-negative integer"));
  EXPECT_FALSE(parse_policy("[pcie.errors]\ncorrectable_warn_above = -1\n", "p").ok());
  EXPECT_FALSE(parse_policy("[gpt2]\nrequired = [1, 2]\n", "p").ok());
  EXPECT_FALSE(parse_policy("[gpt2]\nrequired = [\"gpt2-xl\"]\n", "p").ok());
  auto number = parse_policy("[thermal]\nslowdown_margin_warn_celsius = 7\n", "p");  // an integer is a number
  ASSERT_TRUE(number.ok()) << number.error();
  EXPECT_DOUBLE_EQ(number->thermal.slowdown_margin_warn_celsius, 7.0);
}

TEST(Policy, SyntaxErrorsNameTheLine) {
  auto policy = parse_policy("name = \"x\"\n[pcie.errors\n", "broken.toml");
  ASSERT_FALSE(policy.ok());
  EXPECT_THAT(policy.error(), HasSubstr("broken.toml line 2"));
}

TEST(Policy, MissingFileSaysWhatItTried) {
  auto policy = load_policy("/nonexistent/policy.toml");
  ASSERT_FALSE(policy.ok());
  EXPECT_THAT(policy.error(), HasSubstr("gpt2-finetune"));
}

}  // namespace
}  // namespace rigcheck
