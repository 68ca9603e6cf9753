#include <gtest/gtest.h>

#include "reports/gpt2/gpt2_build.hpp"
#include "reports/gpt2/gpt2_judge.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kGiB = 1ull << 30;

Gpt2Table p40_table(std::optional<std::uint64_t> host_bytes) {
  Gpt2Inputs in;
  in.card = find_card_by_key("p40");
  in.vram_bytes = in.card->memory_bytes;
  in.host_ram_bytes = host_bytes;
  return build_gpt2_table(in);
}

Gpt2Policy finetune_policy() {
  return {{"gpt2:finetune:amp", "gpt2-medium:finetune:amp", "gpt2-xl:finetune-offload:fp16-pure"}};
}

TEST(Gpt2FitCheck, P40WithEnoughHostRamPasses) {
  const auto check = judge_gpt2_fit(p40_table(64 * kGiB), finetune_policy());
  EXPECT_EQ(check.id, "gpt2.fit");
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_EQ(check.metrics.at("fitting_rows").value, 3);
  EXPECT_EQ(check.metrics.at("usable_vram_bytes").unit, "bytes");
  EXPECT_EQ(check.evidence.size(), 3u);
}

TEST(Gpt2FitCheck, ShortHostRamFailsWithAddHostRamAdvice) {
  const auto check = judge_gpt2_fit(p40_table(32 * kGiB), finetune_policy());
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_EQ(check.summary.rfind("gpt2-xl:finetune-offload:fp16-pure does not fit: host RAM", 0), 0u) << check.summary;
  ASSERT_FALSE(check.advice.empty());
  EXPECT_EQ(check.advice[0].rfind("add host RAM", 0), 0u) << check.advice[0];
  EXPECT_EQ(check.metrics.at("needed_host_bytes").value, 37'382'668'800.0);
}

TEST(Gpt2FitCheck, XlFullFinetuneFailsWithCheckpointingAndOffloadAdvice) {
  const auto check = judge_gpt2_fit(p40_table(64 * kGiB), Gpt2Policy{{"gpt2:inference:fp16-pure", "gpt2-xl:finetune:amp"}});
  EXPECT_EQ(check.status, CheckStatus::fail);
  EXPECT_NE(check.summary.find("gpt2-xl:finetune:amp"), std::string::npos);
  ASSERT_GE(check.advice.size(), 3u);
  EXPECT_NE(check.advice[0].find("gradient checkpointing"), std::string::npos);
  EXPECT_NE(check.advice[1].find("offload"), std::string::npos);
  EXPECT_NE(check.advice[2].find("smaller model"), std::string::npos);
  EXPECT_EQ(check.metrics.at("fitting_rows").value, 1);
}

TEST(Gpt2FitCheck, UnknownHostRamWarnsForOffload) {
  const auto check = judge_gpt2_fit(p40_table(std::nullopt), finetune_policy());
  EXPECT_EQ(check.status, CheckStatus::warn);
  EXPECT_NE(check.summary.find("gpt2-xl:finetune-offload:fp16-pure (needs 34.8 GiB)"), std::string::npos)
      << check.summary;
}

TEST(Gpt2FitCheck, SkipWithoutVram) {
  const auto check = judge_gpt2_fit(build_gpt2_table(Gpt2Inputs{}), finetune_policy());
  EXPECT_EQ(check.status, CheckStatus::skip);
  EXPECT_FALSE(check.summary.empty());
}

TEST(Gpt2FitCheck, UnknownRowIsAnError) {
  const auto check = judge_gpt2_fit(p40_table(64 * kGiB), Gpt2Policy{{"gpt2-xxl:finetune:amp"}});
  EXPECT_EQ(check.status, CheckStatus::error);
  EXPECT_NE(check.summary.find("gpt2-xxl:finetune:amp"), std::string::npos);
}

// Re-judging the same table under the inference policy gives another answer than under finetune.
TEST(Gpt2FitCheck, AnotherPolicyAnotherVerdict) {
  const auto table = p40_table(16 * kGiB);
  EXPECT_EQ(judge_gpt2_fit(table, finetune_policy()).status, CheckStatus::fail);
  Gpt2Policy inference{{"gpt2:inference:fp16-pure", "gpt2-medium:inference:fp16-pure", "gpt2-large:inference:fp16-pure",
                        "gpt2-xl:inference:fp16-pure"}};
  EXPECT_EQ(judge_gpt2_fit(table, inference).status, CheckStatus::pass);
}

Policy policy_with(std::vector<std::string> required) {
  Policy p;
  p.gpt2.required = std::move(required);
  p.host_memory.headroom_bytes = 8 * kGiB;
  return p;
}

TEST(HostMemoryCheck, PassWarnFailAroundOffloadNeed) {
  const auto table = p40_table(64 * kGiB);
  const auto policy = policy_with(finetune_policy().required);
  HostFacts host;
  host.memory_total_bytes = 64 * kGiB;  // 34.8 + 8 < 64
  auto check = judge_host_memory(host, table, policy);
  EXPECT_EQ(check.id, "host.memory");
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;
  EXPECT_EQ(check.metrics.at("gpt2_host_need_bytes").value, 37'382'668'800.0);
  EXPECT_EQ(check.metrics.at("headroom_bytes").unit, "bytes");

  host.memory_total_bytes = 40 * kGiB;  // covers 34.8, not + 8
  check = judge_host_memory(host, table, policy);
  EXPECT_EQ(check.status, CheckStatus::warn) << check.summary;

  host.memory_total_bytes = 32 * kGiB;
  check = judge_host_memory(host, table, policy);
  EXPECT_EQ(check.status, CheckStatus::fail) << check.summary;
  EXPECT_NE(check.advice[0].find("at least 42.8 GiB"), std::string::npos) << check.advice[0];
}

TEST(HostMemoryCheck, InferencePolicyNeedsOnlyCheckpointStaging) {
  const auto table = p40_table(16 * kGiB);
  HostFacts host;
  host.memory_total_bytes = 16 * kGiB;
  const auto check = judge_host_memory(host, table, policy_with({"gpt2-xl:inference:fp16-pure"}));
  EXPECT_EQ(check.metrics.at("gpt2_host_need_bytes").value, 4.0 * 1'557'611'200);
  EXPECT_EQ(check.status, CheckStatus::pass) << check.summary;  // 5.8 + 8 < 16 GiB
}

TEST(HostMemoryCheck, SkipWhenHostRamUnknown) {
  const auto check = judge_host_memory(HostFacts{}, p40_table(64 * kGiB), policy_with({}));
  EXPECT_EQ(check.status, CheckStatus::skip);
}

}  // namespace
}  // namespace rigcheck
