// Spread of repeated measurements: noisy medians are marked, and differences inside the spread are
// "same" for `compare`.
#include <gtest/gtest.h>

#include <algorithm>

#include "physics_test_entries.hpp"
#include "reports/compare/compare.hpp"
#include "reports/compare/key_figures.hpp"
#include "reports/compare/outliers.hpp"
#include "reports/compute/judge_compute.hpp"
#include "reports/spread.hpp"
#include "reports/transfer/judge_pcie_bandwidth.hpp"

namespace rigcheck {
namespace {

using testing::gemm_at;
using testing::p40_entry;
using testing::with_gemm;

// A GEMM whose repeats took `seconds` (any order).
GemmMeasurement gemm_with_repeats(std::vector<double> seconds) {
  auto g = gemm_at(5.0);
  g.throughput = summarize_throughput(seconds, g.flops_per_run, 1);
  return g;
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

TEST(Spread, RelativeSpreadOfAMedian) {
  EXPECT_NEAR(*relative_spread(9, 10, 11), 0.2, 1e-12);
  EXPECT_FALSE(relative_spread(0, 0, 0));
  EXPECT_FALSE(is_noisy(relative_spread(9.6, 10, 10.4)));
  EXPECT_TRUE(is_noisy(relative_spread(9, 10, 11)));
}

TEST(Spread, ANoisyGemmMedianIsMarkedInTheEvidence) {
  ComputeResult r;
  r.gemm.push_back(gemm_with_repeats({0.10, 0.11, 0.13}));  // rates spread ~28% of the median
  r.gemm.push_back(gemm_with_repeats({0.20, 0.201, 0.202}));
  const auto checks = judge_compute(r, nullptr, Policy{});
  const auto& fp32 = *std::find_if(checks.begin(), checks.end(), [](const Check& c) { return c.id == "compute.gemm.fp32"; });
  ASSERT_EQ(fp32.evidence.size(), 2u);
  EXPECT_NE(fp32.evidence[0].find("noisy: spread"), std::string::npos) << fp32.evidence[0];
  EXPECT_EQ(fp32.evidence[1].find("noisy"), std::string::npos) << fp32.evidence[1];
}

TEST(Spread, ANoisyTransferIsMarkedInTheEvidence) {
  GpuEntry gpu = p40_entry();
  TransferResult t;
  t.samples.push_back({"host_to_device", "pinned", 64u << 20, 10, 12e9, 9e9, 12.5e9, "device_events"});
  gpu.measurements.transfers = t;
  const Check check = judge_pcie_bandwidth(gpu, Policy{});
  EXPECT_TRUE(mentions(check.evidence, "host_to_device (pinned, best size): 12.00 GB/s, noisy: spread 29%"));
}

LabeledReport report_with_gemm(const std::string& label, GemmMeasurement g) {
  Report report;
  report.gpus.push_back(with_gemm(p40_entry(), std::move(g)));
  return {label, report};
}

TEST(Spread, AnOutlierInsideItsOwnSpreadIsTheSame) {
  // Two steady cards at 10 TFLOPS and a third whose median is 7.5 but whose repeats reached 11.
  std::vector<LabeledReport> reports{report_with_gemm("a", gemm_at(10.0)), report_with_gemm("b", gemm_at(10.0))};
  auto noisy = gemm_at(7.5);
  noisy.throughput.tflops_max = 11.0;
  reports.push_back(report_with_gemm("c", noisy));
  EXPECT_TRUE(find_outliers(reports, 0.1).empty());
  reports[2] = report_with_gemm("c", gemm_at(7.5));  // the same median, steady: an outlier
  const auto outliers = find_outliers(reports, 0.1);
  ASSERT_EQ(outliers.size(), 1u);
  EXPECT_EQ(outliers[0].figure, "GEMM fp32");
}

TEST(Spread, CompareMarksANoisyMedian) {
  const auto table = build_comparison({report_with_gemm("a", gemm_at(10.0)),
                                       report_with_gemm("b", gemm_with_repeats({0.10, 0.11, 0.13}))});
  const auto row = std::find_if(table.rows.begin(), table.rows.end(), [](const ComparisonRow& r) { return r.label == "GEMM fp32"; });
  ASSERT_NE(row, table.rows.end());
  EXPECT_EQ(row->cells[0].text->find("noisy"), std::string::npos) << *row->cells[0].text;
  EXPECT_NE(row->cells[1].text->find("(noisy: spread"), std::string::npos) << *row->cells[1].text;
}

}  // namespace
}  // namespace rigcheck
