// Cross-GPU: a GPU more than 10% slower than the best of the same model in the run warns.
#include <gtest/gtest.h>

#include "burn_scenarios.hpp"
#include "reports/burn/cross_gpu.hpp"

namespace rigcheck {
namespace {

using namespace burn_fixtures;

TEST(CrossGpu, TheSlowTwinWarns) {
  GpuEntry a = p40(0), b = p40(1), c = p40(2);
  auto fast = burn(kTenMinutes, [](double) { return 10.0; });
  auto ok = burn(kTenMinutes, [](double) { return 9.1; });
  auto slow = burn(kTenMinutes, [](double) { return 8.5; });
  auto findings = cross_gpu_findings({{&a, &fast}, {&b, &ok}, {&c, &slow}});
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings.at(0).status, CheckStatus::pass);
  EXPECT_EQ(findings.at(1).status, CheckStatus::pass);  // 9% slower: within 10%
  EXPECT_EQ(findings.at(2).status, CheckStatus::warn);
  EXPECT_NE(findings.at(2).summary.find("15% slower than GPU 0"), std::string::npos) << findings.at(2).summary;
  EXPECT_NEAR(findings.at(2).metrics.at("slower_than_best").value, 0.15, 1e-9);
  EXPECT_EQ(findings.at(2).metrics.at("tflops_sustained").unit, "TFLOPS");
  EXPECT_FALSE(findings.at(2).advice.empty());
}

TEST(CrossGpu, OnlyTheSameModelAndLoadAreCompared) {
  GpuEntry a = p40(0), b = p40(1), m40 = p40(2);
  m40.nvml->name = m<std::string>("Tesla M40 24GB");
  auto p = burn(kTenMinutes, [](double) { return 10.0; });
  auto m40_burn = burn(kTenMinutes, [](double) { return 6.0; });
  auto other_size = burn(kTenMinutes, [](double) { return 7.0; });
  other_size.matrix_size = 4096;
  auto findings = cross_gpu_findings({{&a, &p}, {&b, &other_size}, {&m40, &m40_burn}});
  EXPECT_TRUE(findings.empty());
}

TEST(CrossGpu, TheWarmupIsLeftOut) {
  // Equal once warm: a slow first 30 s (boost settling) is not a finding.
  GpuEntry a = p40(0), b = p40(1);
  auto steady = burn(kTenMinutes, [](double) { return 10.0; });
  auto slow_start = burn(kTenMinutes, [](double t) { return t < 31 ? 2.0 : 10.0; });
  auto findings = cross_gpu_findings({{&a, &steady}, {&b, &slow_start}});
  EXPECT_EQ(findings.at(1).status, CheckStatus::pass);
  EXPECT_DOUBLE_EQ(*sustained_tflops(slow_start), 10.0);
}

}  // namespace
}  // namespace rigcheck
