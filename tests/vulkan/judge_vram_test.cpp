#include <gtest/gtest.h>

#include "reports/vram/judge_vram.hpp"

namespace rigcheck {
namespace {

GpuEntry gpu_with(VramTestResult v) {
  GpuEntry gpu;
  gpu.pci.bdf = "0000:13:00.0";  // a card (coverage is not judged for the CPU device)
  gpu.measurements.vram = std::move(v);
  return gpu;
}

VramTestResult clean_run(double coverage) {
  VramTestResult v;
  v.total_memory_bytes = 24ull << 30;
  v.tested_bytes = static_cast<std::uint64_t>(coverage * static_cast<double>(v.total_memory_bytes));
  v.coverage_fraction = coverage;
  v.passes_requested = v.passes_completed = 1;
  v.tested_bytes_per_s = 150e9;
  return v;
}

bool advice_mentions(const Check& c, const std::string& word) {
  for (const auto& a : c.advice)
    if (a.find(word) != std::string::npos) return true;
  return false;
}

TEST(JudgeVram, SkipsWhenNotRun) {
  const auto c = judge_vram_integrity(GpuEntry{}, Policy{});
  EXPECT_EQ(c.id, "vram.integrity");
  EXPECT_EQ(c.status, CheckStatus::skip);
  EXPECT_NE(c.summary.find("not run"), std::string::npos);
}

TEST(JudgeVram, PassesACleanFullRunWithMetrics) {
  const auto c = judge_vram_integrity(gpu_with(clean_run(0.96)), Policy{});
  EXPECT_EQ(c.status, CheckStatus::pass);
  EXPECT_DOUBLE_EQ(c.metrics.at("coverage").value, 0.96);
  EXPECT_EQ(c.metrics.at("tested_rate").unit, "bytes/s");
  EXPECT_TRUE(c.metrics.count("tested_bytes"));
}

TEST(JudgeVram, WarnsOnLowCoverageAndSaysWhy) {
  const auto c = judge_vram_integrity(gpu_with(clean_run(0.5)), Policy{});
  EXPECT_EQ(c.status, CheckStatus::warn);
  EXPECT_NE(c.summary.find("50.0%"), std::string::npos);
  EXPECT_TRUE(advice_mentions(c, "untested memory"));
}

TEST(JudgeVram, CpuDeviceCoverageIsNotJudged) {
  auto gpu = gpu_with(clean_run(0.1));
  gpu.pci.bdf.clear();
  const auto c = judge_vram_integrity(gpu, Policy{});
  EXPECT_EQ(c.status, CheckStatus::pass);
  EXPECT_NE(c.summary.find("coverage not judged"), std::string::npos);
}

TEST(JudgeVram, StuckBitsMeanReturnTheCard) {
  auto v = clean_run(0.96);
  v.error_count = 3;
  v.records.push_back({0, 64, 0xff, 0xfe, 0xfe, "own_address", 1, 1, std::nullopt});
  const auto c = judge_vram_integrity(gpu_with(v), Policy{});
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_TRUE(advice_mentions(c, "return it"));
  EXPECT_FALSE(advice_mentions(c, "power"));
}

TEST(JudgeVram, TransientErrorsMeanRetestAndCheckPower) {
  auto v = clean_run(0.96);
  v.error_count = 1;
  v.records.push_back({0, 64, 0xff, 0xfe, 0xff, "own_address", 1, 1, std::nullopt});
  const auto c = judge_vram_integrity(gpu_with(v), Policy{});
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_TRUE(advice_mentions(c, "power"));
  EXPECT_FALSE(advice_mentions(c, "return it"));
}

TEST(JudgeVram, ErrorsOnlyWhenHotMeanCooling) {
  auto v = clean_run(0.96);
  v.error_count = 1;
  v.records.push_back({0, 64, 0xff, 0xfe, 0xff, "own_address", 1, 1, 91.0});
  const auto c = judge_vram_integrity(gpu_with(v), Policy{});
  EXPECT_TRUE(advice_mentions(c, "cooling"));
}

TEST(JudgeVram, CoverageThresholdComesFromThePolicy) {
  EXPECT_EQ(judge_vram_integrity(gpu_with(clean_run(0.9)), Policy{}).status, CheckStatus::warn);
  Policy lenient;
  lenient.vram_integrity.min_coverage_fraction = 0.85;
  EXPECT_EQ(judge_vram_integrity(gpu_with(clean_run(0.9)), lenient).status, CheckStatus::pass);
  Policy strict;
  strict.vram_integrity.min_coverage_fraction = 0.99;
  const auto c = judge_vram_integrity(gpu_with(clean_run(0.96)), strict);
  EXPECT_EQ(c.status, CheckStatus::warn);
  EXPECT_TRUE(advice_mentions(c, "at least 99%"));
}

TEST(JudgeVram, HotThresholdComesFromThePolicy) {
  auto v = clean_run(0.96);
  v.error_count = 1;
  v.records.push_back({0, 64, 0xff, 0xfe, 0xff, "own_address", 1, 1, 75.0});
  EXPECT_FALSE(advice_mentions(judge_vram_integrity(gpu_with(v), Policy{}), "cooling"));
  Policy warm;
  warm.vram_integrity.only_when_hot_celsius = 70.0;
  const auto c = judge_vram_integrity(gpu_with(v), warm);
  EXPECT_TRUE(advice_mentions(c, "at 70 °C or more"));
}

TEST(JudgeVram, TheClassificationIsEvidence) {
  auto v = clean_run(0.96);
  v.error_count = 1;
  v.records.push_back({0, 64, 0xff, 0xfe, 0xfe, "own_address", 1, 1, std::nullopt});
  const auto c = judge_vram_integrity(gpu_with(v), Policy{});
  bool said = false;
  for (const auto& e : c.evidence) said = said || e.find("classified as stuck") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(JudgeVram, InterruptedCleanRunWarns) {
  auto v = clean_run(0.96);
  v.interrupted = true;
  v.passes_completed = 0;
  EXPECT_EQ(judge_vram_integrity(gpu_with(v), Policy{}).status, CheckStatus::warn);
}

}  // namespace
}  // namespace rigcheck
