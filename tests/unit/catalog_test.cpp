// The check table: one fix order for every check id, families by prefix, unknown ids last.
#include <gtest/gtest.h>

#include "reports/judge/rule.hpp"

namespace rigcheck {
namespace {

TEST(CheckCatalog, FixOrderPutsTheCauseBeforeItsSymptoms) {
  const char* order[] = {"pcie.bar",        "host.driver",       "vram.integrity", "vram.ecc",
                         "stability.compute", "power.sustained", "pcie.errors",    "pcie.link",
                         "pcie.bandwidth",  "thermal.sustained", "compute.gemm.fp16", "compute.attention.fp32",
                         "host.memory",     "gpt2.fit",          "host.display",   "run.vram"};
  for (std::size_t i = 1; i < std::size(order); ++i)
    EXPECT_LT(fix_order(order[i - 1]), fix_order(order[i])) << order[i - 1] << " before " << order[i];
  EXPECT_GT(fix_order("no.such.check"), fix_order("run.burn"));
  EXPECT_GT(fix_order("compute.gemmx"), fix_order("run"));  // a prefix matches whole segments only
}

TEST(CheckCatalog, EveryRuleComesFromTheTable) {
  EXPECT_EQ(gpu_rules().front().id, "host.driver");
  EXPECT_EQ(system_rules().size(), 3u);
  for (const auto& rule : gpu_rules()) EXPECT_NE(rule.run, nullptr);
}

}  // namespace
}  // namespace rigcheck
