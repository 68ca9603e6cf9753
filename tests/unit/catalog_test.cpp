// The check catalog is the one table of check ids, their listing order and their fix order:
// families by prefix, unknown ids last, and no check the judge makes without a row.
#include <set>

#include <gtest/gtest.h>

#include "reports/judge/judge.hpp"
#include "reports/judge/rule.hpp"

namespace rigcheck {
namespace {

TEST(CheckCatalog, FixOrderPutsTheCauseBeforeItsSymptoms) {
  const char* order[] = {"pcie.bar",        "host.driver",       "vram.integrity", "vram.ecc",
                         "stability.compute", "power.sustained", "pcie.errors",    "pcie.link",
                         "pcie.bandwidth",  "thermal.sustained", "compute.gemm.fp16", "compute.attention.fp32",
                         "host.memory",     "gpt2.fit",          "host.display",   "run.vram",
                         "baseline.gemm_tflops"};
  for (std::size_t i = 1; i < std::size(order); ++i)
    EXPECT_LT(fix_order(order[i - 1]), fix_order(order[i])) << order[i - 1] << " before " << order[i];
  EXPECT_GT(fix_order("no.such.check"), fix_order("baseline.gemm_tflops"));
  EXPECT_GT(fix_order("compute.gemmx"), fix_order("run"));  // a prefix matches whole segments only
  EXPECT_EQ(fix_order("run"), fix_order("run.burn"));      // the verdict's own "run" reasons
}

TEST(CheckCatalog, EveryRuleComesFromTheTable) {
  EXPECT_EQ(gpu_rules().front().id, "host.driver");
  EXPECT_EQ(system_rules().size(), 3u);
  for (const auto& rule : gpu_rules()) {
    EXPECT_NE(rule.run, nullptr);
    EXPECT_FALSE(rule.makes.empty()) << rule.id;
  }
}

TEST(CheckCatalog, EveryCheckHasAFixRankOfItsOwn) {
  std::set<int> ranks;
  for (const auto& check : catalog_checks()) {
    EXPECT_TRUE(ranks.insert(check.fix_rank).second) << check.id << " shares fix rank " << check.fix_rank;
    EXPECT_EQ(fix_order(check.id), check.fix_rank) << check.id;
  }
}

// A rule that starts making a check id without a catalog row would rank last and be missing from
// `rigcheck list-checks`: judge a device on which every GPU rule makes its checks.
TEST(CheckCatalog, EveryCheckTheJudgeMakesHasARow) {
  GpuEntry gpu;
  gpu.pci.bdf = "0000:13:00.0";
  gpu.pci.vendor_id = 0x10de;
  gpu.pci.device_id = 0x1b38;  // Tesla P40
  gpu.pci.class_code = 0x030200;
  gpu.measurements.vram = VramTestResult{};
  gpu.measurements.transfers = TransferResult{};
  gpu.measurements.compute = ComputeResult{};
  gpu.measurements.burn = BurnResult{};
  gpu.measurements.step_failures = {{"burn", "the worker was killed by SIGSEGV"}};
  Report report;
  report.gpus = {gpu};
  const auto judged = judge(report, Policy{});

  std::set<std::string> prefixes_seen;
  std::vector<std::string> ids;
  for (const auto& check : judged.gpus.front().checks) ids.push_back(check.id);
  for (const auto& check : judged.system_checks) ids.push_back(check.id);
  const int unknown = fix_order("no.such.check");
  for (const auto& id : ids) EXPECT_LT(fix_order(id), unknown) << id << " has no row in catalog.cpp";
  // The families were exercised, so the test can fail for them.
  for (const char* id : {"compute.gemm.fp32", "power.sustained", "stability.compute", "run.burn", "vram.integrity"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
}

}  // namespace
}  // namespace rigcheck
