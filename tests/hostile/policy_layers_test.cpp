// A policy file extends a built-in and overrides only what it sets; the report says which.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/policy.hpp"
#include "tests/hostile/hostile_support.hpp"

namespace rigcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace hostile;

TEST(PolicyLayers, OneKeyFileKeepsTheDefaultPolicysRequirements) {
  auto dir = fresh_dir("policy-one-key");
  write_text(dir / "strict-pcie.toml", "[pcie.errors]\ncorrectable_warn_above = 3\n");
  auto policy = load_policy((dir / "strict-pcie.toml").string());
  ASSERT_TRUE(policy.ok()) << policy.error();
  auto finetune = load_policy("gpt2-finetune");
  EXPECT_EQ(policy->gpt2.required, finetune->gpt2.required);
  EXPECT_EQ(policy->pcie_errors.correctable_warn_above, 3u);
  EXPECT_EQ(policy->host_memory.headroom_bytes, finetune->host_memory.headroom_bytes);
  EXPECT_EQ(policy->name, "strict-pcie");
  EXPECT_THAT(policy->chain, ElementsAre((dir / "strict-pcie.toml").string(), "gpt2-finetune"));
}

TEST(PolicyLayers, ExtendsNamesTheBuiltInAndAnotherFile) {
  auto dir = fresh_dir("policy-extends");
  write_text(dir / "base.toml", "extends = \"gpt2-inference\"\nname = \"site\"\n[power]\nmin_fraction_of_limit = 0.9\n");
  write_text(dir / "mine.toml", "extends = \"base.toml\"\n[thermal]\nslowdown_margin_warn_celsius = 9\n");
  auto policy = load_policy((dir / "mine.toml").string());
  ASSERT_TRUE(policy.ok()) << policy.error();
  EXPECT_EQ(policy->gpt2.required, load_policy("gpt2-inference")->gpt2.required);
  EXPECT_DOUBLE_EQ(policy->power.min_fraction_of_limit, 0.9);
  EXPECT_DOUBLE_EQ(policy->thermal.slowdown_margin_warn_celsius, 9);
  EXPECT_EQ(policy->name, "mine");
  EXPECT_THAT(policy->chain, ElementsAre((dir / "mine.toml").string(), (dir / "base.toml").string(), "gpt2-inference"));
}

TEST(PolicyLayers, TheReportRecordsNameAndChainAndGpt2FitStillJudges) {
  auto dir = fresh_dir("policy-report");
  write_text(dir / "one.toml", "[pcie.errors]\ncorrectable_warn_above = 3\n");
  auto outcome = run_rigcheck_in(dir, {"probe", "--sysroot", machine_dir("p40-healthy"), "--policy", "one.toml",
                                       "--format", "json"});
  auto report = nlohmann::json::parse(outcome.stdout_text);
  EXPECT_EQ(report["policy"], "one");
  EXPECT_EQ(report["policy_chain"], nlohmann::json({"one.toml", "gpt2-finetune"}));
  EXPECT_THAT(report["system_checks"].dump(), Not(HasSubstr("requires no GPT-2 task")));
  EXPECT_THAT(report["system_checks"].dump(), Not(HasSubstr("for none")));  // host.memory saw the tasks
}

}  // namespace
}  // namespace rigcheck
