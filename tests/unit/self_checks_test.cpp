// The self-check rule (reports/judge/rule_self_checks.cpp) and the one-line summary every renderer
// shows per device (reports/self_check_summary.cpp), from reports built here: a GPU whose VRAM test
// found nothing, with each kind of self-check record.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/judge/judge.hpp"
#include "reports/judge/rule_self_checks.hpp"
#include "reports/render/render.hpp"
#include "reports/self_check_summary.hpp"
#include "reports/self_check_table.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const Check* find_check(const GpuEntry& gpu, std::string_view id) {
  for (const auto& c : gpu.checks)
    if (c.id == id) return &c;
  return nullptr;
}

// A card whose VRAM test ran over all memory and found no error.
Report clean_vram_report(std::optional<SelfChecks> self_checks) {
  Report report;
  report.profile = "vram";
  report.created_utc = "2026-12-01T12:00:00Z";
  report.host.kernel_log.available = true;
  GpuEntry gpu;
  gpu.name = "Tesla P40";
  gpu.pci.bdf = "0000:13:00.0";
  gpu.pci.vendor_id = 0x10de;
  gpu.pci.device_id = 0x1b38;
  gpu.pci.class_code = 0x030200;
  gpu.pci.bars.push_back(PciBar{1, 0x3800000000, 0x3fffffffff, 0x14220c, 32ull << 30, true, true, true, true, std::nullopt});
  gpu.pci.link = PciLink{8.0, 8.0, 16, 16};
  gpu.backend = "vulkan";
  VramTestResult vram;
  vram.backend = "vulkan";
  vram.total_memory_bytes = 24ull << 30;
  vram.requested_bytes = vram.tested_bytes = 23ull << 30;
  vram.coverage_fraction = 23.0 / 24.0;
  vram.patterns = {"walking-ones", "own-address"};
  vram.passes_requested = vram.passes_completed = 1;
  vram.duration_s = 60;
  vram.gpu_seconds = 50;
  gpu.measurements.vram = vram;
  gpu.self_checks = std::move(self_checks);
  report.gpus.push_back(gpu);
  return report;
}

Report judged(Report report) { return judge(std::move(report), *load_policy("gpt2-finetune")); }

SelfCheck self_check(SelfCheckKind kind, std::string subject, SelfCheckOutcome outcome, std::string detail = "") {
  return SelfCheck{kind, std::move(subject), outcome, std::move(detail)};
}

SelfChecks all_vram_passed() {
  return {self_check(SelfCheckKind::vram_detector, "walking-ones", SelfCheckOutcome::passed),
          self_check(SelfCheckKind::vram_detector, "own-address", SelfCheckOutcome::passed)};
}

TEST(SelfCheckTable, HasOneRowPerKind) {
  for (auto kind : {SelfCheckKind::vram_detector, SelfCheckKind::gemm_detector, SelfCheckKind::burn_comparison,
                    SelfCheckKind::timer, SelfCheckKind::cross_backend})
    EXPECT_EQ(self_check_row(kind).kind, kind);
  EXPECT_EQ(self_check_table().size(), 5u);
}

TEST(SelfCheckRule, AllPassedLeavesTheVerdictSound) {
  auto report = judged(clean_vram_report(all_vram_passed()));
  ASSERT_NE(find_check(report.gpus[0], "vram.integrity"), nullptr);
  EXPECT_EQ(find_check(report.gpus[0], "vram.integrity")->status, CheckStatus::pass);
  EXPECT_EQ(report.verdict.status, VerdictStatus::sound);
  for (const auto& r : report.verdict.reasons) EXPECT_NE(r.check_id, "self_check") << r.summary;
}

TEST(SelfCheckRule, AFailedVramDetectorMakesVramIntegrityErrorAndTheVerdictUntested) {
  auto checks = all_vram_passed();
  checks[1] = self_check(SelfCheckKind::vram_detector, "own-address", SelfCheckOutcome::failed,
                         "planted 8 bit flips in 4 words, 4 reported");
  auto report = judged(clean_vram_report(checks));
  const auto* vram = find_check(report.gpus[0], "vram.integrity");
  ASSERT_NE(vram, nullptr);
  EXPECT_EQ(vram->status, CheckStatus::error);
  EXPECT_EQ(vram->summary, "the VRAM detector failed its self-test on this device: results not trusted");
  EXPECT_THAT(::testing::PrintToString(vram->evidence), HasSubstr("4 reported"));
  EXPECT_EQ(report.verdict.status, VerdictStatus::untested);
  bool named = false;
  for (const auto& r : report.verdict.reasons) named = named || r.summary.find("VRAM own-address") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST(SelfCheckRule, AFailedTimerMakesTimedChecksErrorButNotVramIntegrity) {
  auto checks = all_vram_passed();
  checks.push_back(self_check(SelfCheckKind::timer, "", SelfCheckOutcome::failed, "device 1.00 s, host 0.10 s"));
  auto report = judged(clean_vram_report(checks));
  EXPECT_EQ(find_check(report.gpus[0], "vram.integrity")->status, CheckStatus::pass);
  EXPECT_EQ(report.verdict.status, VerdictStatus::untested);  // a failed self-check alone is enough
  // A judged pcie.bandwidth check and an unjudged GEMM check, as the self-check rule meets them.
  GpuEntry gpu;
  gpu.self_checks = report.gpus[0].self_checks;
  Check bandwidth;
  bandwidth.id = "pcie.bandwidth";
  bandwidth.status = CheckStatus::pass;
  bandwidth.summary = "12.1 GB/s";
  gpu.checks.push_back(bandwidth);
  Check skipped = bandwidth;
  skipped.id = "compute.gemm.fp32";
  skipped.status = CheckStatus::skip;
  gpu.checks.push_back(skipped);
  apply_failed_self_checks(gpu);
  EXPECT_EQ(find_check(gpu, "pcie.bandwidth")->status, CheckStatus::error);
  EXPECT_THAT(find_check(gpu, "pcie.bandwidth")->summary, HasSubstr("timer"));
  EXPECT_EQ(find_check(gpu, "compute.gemm.fp32")->status, CheckStatus::skip);  // nothing was judged
}

TEST(SelfCheckRule, AFailedGemmDetectorNamesOnlyItsPrecision) {
  GpuEntry gpu;
  gpu.self_checks = SelfChecks{self_check(SelfCheckKind::gemm_detector, "fp16", SelfCheckOutcome::failed, "x")};
  for (auto id : {"compute.gemm.fp16", "compute.gemm.fp32", "compute.attention.fp16"}) {
    Check c;
    c.id = id;
    c.status = CheckStatus::pass;
    gpu.checks.push_back(c);
  }
  apply_failed_self_checks(gpu);
  EXPECT_EQ(find_check(gpu, "compute.gemm.fp16")->status, CheckStatus::error);
  EXPECT_EQ(find_check(gpu, "compute.attention.fp16")->status, CheckStatus::error);
  EXPECT_EQ(find_check(gpu, "compute.gemm.fp32")->status, CheckStatus::pass);
}

TEST(SelfCheckRule, NoSelfChecksRecordedIsJudgedAsBeforeAndTheVerdictSaysSo) {
  auto report = judged(clean_vram_report(std::nullopt));
  EXPECT_EQ(find_check(report.gpus[0], "vram.integrity")->status, CheckStatus::pass);
  EXPECT_EQ(report.verdict.status, VerdictStatus::sound);
  ASSERT_FALSE(report.verdict.reasons.empty());
  EXPECT_EQ(report.verdict.reasons.back().check_id, "self_check");
  EXPECT_EQ(report.verdict.reasons.back().status, CheckStatus::skip);
  EXPECT_THAT(report.verdict.reasons.back().summary, HasSubstr("detectors not verified on this device"));
}

TEST(SelfCheckRule, AProbedOnlyGpuNeedsNoSelfChecks) {
  auto report = clean_vram_report(std::nullopt);
  report.profile = "probe";
  report.gpus[0].measurements.vram.reset();
  report = judged(report);
  for (const auto& r : report.verdict.reasons) EXPECT_NE(r.check_id, "self_check");
}

TEST(SelfCheckRule, ADetectorNotRunIsNamedInTheVerdict) {
  auto report = judged(clean_vram_report(
      SelfChecks{self_check(SelfCheckKind::vram_detector, "walking-ones", SelfCheckOutcome::not_run, "no room")}));
  EXPECT_EQ(report.verdict.status, VerdictStatus::sound);
  bool named = false;
  for (const auto& r : report.verdict.reasons)
    named = named || (r.check_id == "self_check" && r.summary.find("VRAM") != std::string::npos);
  EXPECT_TRUE(named);
}

TEST(SelfCheckLine, ListsWhatPassedWithSubjects) {
  GpuEntry gpu;
  gpu.self_checks = SelfChecks{
      self_check(SelfCheckKind::vram_detector, "walking-ones", SelfCheckOutcome::passed),
      self_check(SelfCheckKind::vram_detector, "own-address", SelfCheckOutcome::passed),
      self_check(SelfCheckKind::gemm_detector, "fp32", SelfCheckOutcome::passed),
      self_check(SelfCheckKind::gemm_detector, "fp16", SelfCheckOutcome::passed),
      self_check(SelfCheckKind::gemm_detector, "int8", SelfCheckOutcome::passed),
      self_check(SelfCheckKind::burn_comparison, "", SelfCheckOutcome::passed),
  };
  EXPECT_EQ(self_check_line(gpu), "detectors verified on this device: VRAM, GEMM fp32/fp16/int8, burn comparison");
}

TEST(SelfCheckLine, NamesWhatFailedAndWhatDidNotRun) {
  GpuEntry gpu;
  gpu.self_checks = SelfChecks{
      self_check(SelfCheckKind::vram_detector, "walking-ones", SelfCheckOutcome::passed),
      self_check(SelfCheckKind::vram_detector, "own-address", SelfCheckOutcome::failed, "4 of 8 bits reported"),
      self_check(SelfCheckKind::timer, "", SelfCheckOutcome::not_run, "no device timestamps"),
  };
  EXPECT_EQ(self_check_line(gpu),
            "detectors verified on this device: VRAM (walking-ones); FAILED: VRAM own-address (4 of 8 bits reported); "
            "not run: timer (no device timestamps)");
}

TEST(SelfCheckLine, NoneRecordedOnATestedGpuAndNothingForAProbedOne) {
  auto report = clean_vram_report(std::nullopt);
  EXPECT_THAT(self_check_line(report.gpus[0]).value_or(""), HasSubstr("none recorded"));
  report.gpus[0].measurements.vram.reset();
  EXPECT_FALSE(self_check_line(report.gpus[0]).has_value());
  report.gpus[0].self_checks = SelfChecks{};
  EXPECT_EQ(self_check_line(report.gpus[0]), "detectors verified on this device: none");
}

TEST(SelfCheckLine, EveryRendererForWhichALineMakesSenseShowsIt) {
  auto checks = all_vram_passed();
  checks.push_back(self_check(SelfCheckKind::timer, "", SelfCheckOutcome::failed, "device 1.00 s, host 0.10 s"));
  auto report = judged(clean_vram_report(checks));
  auto line = *self_check_line(report.gpus[0]);
  EXPECT_THAT(render_text(report, {}), HasSubstr(line));
  EXPECT_THAT(render_markdown(report), HasSubstr(line));
  EXPECT_THAT(render_junit(report), HasSubstr("rigcheck.self_checks"));
  EXPECT_THAT(render_junit(report), HasSubstr("FAILED: timer"));
  EXPECT_THAT(render_html(report), HasSubstr("detectors verified on this device: VRAM"));
  EXPECT_THAT(render_prometheus(report), HasSubstr("rigcheck_self_check_passed{"));
  EXPECT_THAT(render_prometheus(report), HasSubstr("self_check=\"timer\",subject=\"\",outcome=\"failed\"} 0"));
  // CSV holds telemetry samples only: no per-device text line.
  EXPECT_THAT(render_csv(report), Not(HasSubstr("detectors")));
}

}  // namespace
}  // namespace rigcheck
