// The CUDA/Vulkan cross-check's comparison (reports/cross_backend.cpp) from two sides built here,
// and what the judge makes of its records (reports/judge/rule_self_checks.cpp): agreement passes,
// a disagreement names both figures and warns on the check it bears on, never `untested`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/cross_backend.hpp"
#include "reports/judge/judge.hpp"
#include "reports/judge/rule_self_checks.hpp"
#include "reports/self_check_summary.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;

GemmMeasurement square_gemm(std::string precision, double tflops, std::uint64_t mismatches = 0) {
  GemmMeasurement g;
  g.precision = std::move(precision);
  g.implementation = "impl";
  g.shape = "square";
  g.m = g.n = g.k = 2048;
  g.throughput.tflops_median = tflops;
  g.reference.checked_elements = 4096;
  g.reference.mismatches = mismatches;
  g.reference.tolerance = 1e-3;
  return g;
}

CrossCheckSide side(std::string backend, double copy_bytes_per_s, std::vector<std::string> precisions) {
  CrossCheckSide s;
  s.backend = std::move(backend);
  for (auto pattern : {"walking-ones", "own-address"})
    s.vram_canaries.push_back({SelfCheckKind::vram_detector, pattern, SelfCheckOutcome::passed, "8 of 8 planted"});
  s.copy_bytes_per_s = copy_bytes_per_s;
  for (const auto& p : precisions) {
    s.gemm.push_back(square_gemm(p, 10));
    s.gemm_canaries.push_back({SelfCheckKind::gemm_detector, p, SelfCheckOutcome::passed, "exact"});
  }
  return s;
}

const SelfCheck* record(const CrossCheckComparison& c, const std::string& subject) {
  for (const auto& sc : c.self_checks)
    if (sc.subject == subject) return &sc;
  return nullptr;
}

TEST(CrossBackendComparison, AgreeingBackendsPassOnMemoryAndEverySharedPrecision) {
  auto c = compare_backends(side("cuda", 300e9, {"fp32", "fp16", "fp8"}), side("vulkan", 250e9, {"fp32", "fp16"}));
  ASSERT_EQ(c.self_checks.size(), 3u);  // memory, fp32, fp16: fp8 ran on one side only
  for (const auto& sc : c.self_checks) {
    EXPECT_EQ(sc.kind, SelfCheckKind::cross_backend);
    EXPECT_EQ(sc.outcome, SelfCheckOutcome::passed) << sc.subject << ": " << sc.detail;
  }
  EXPECT_THAT(record(c, "vram.integrity")->detail, HasSubstr("17% apart"));
  ASSERT_NE(record(c, "compute.gemm.fp16"), nullptr);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_THAT(c.notes[0], HasSubstr("fp8 GEMM ran on cuda only"));
}

TEST(CrossBackendComparison, CopiesMoreThanAQuarterApartDisagreeWithBothFigures) {
  auto c = compare_backends(side("cuda", 300e9, {}), side("vulkan", 200e9, {}));
  const auto* vram = record(c, "vram.integrity");
  ASSERT_NE(vram, nullptr);
  EXPECT_EQ(vram->outcome, SelfCheckOutcome::failed);
  EXPECT_THAT(vram->detail, HasSubstr("300 GB/s"));
  EXPECT_THAT(vram->detail, HasSubstr("200 GB/s"));
  EXPECT_THAT(vram->detail, HasSubstr("33% apart"));
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_THAT(c.notes[0], HasSubstr("cuda and vulkan disagree on vram.integrity"));
  // Exactly at the limit still agrees.
  EXPECT_EQ(record(compare_backends(side("cuda", 400e9, {}), side("vulkan", 300e9, {})), "vram.integrity")->outcome,
            SelfCheckOutcome::passed);
}

TEST(CrossBackendComparison, ACanaryThatFailsOnOneBackendIsADisagreement) {
  auto vulkan = side("vulkan", 300e9, {});
  vulkan.vram_canaries[1].outcome = SelfCheckOutcome::failed;
  vulkan.vram_canaries[1].detail = "missed 4 of 8 planted flips";
  const auto c = compare_backends(side("cuda", 300e9, {}), vulkan);
  const auto* vram = record(c, "vram.integrity");
  EXPECT_EQ(vram->outcome, SelfCheckOutcome::failed);
  EXPECT_THAT(vram->detail, HasSubstr("passed on 1 of 2 patterns (own-address: missed 4 of 8"));
}

TEST(CrossBackendComparison, AGemmOffTheReferenceOnOneBackendIsADisagreementOnThatPrecisionOnly) {
  auto vulkan = side("vulkan", 300e9, {"fp32", "fp16"});
  vulkan.gemm[1] = square_gemm("fp16", 4.5, 17);
  auto c = compare_backends(side("cuda", 300e9, {"fp32", "fp16"}), vulkan);
  EXPECT_EQ(record(c, "compute.gemm.fp32")->outcome, SelfCheckOutcome::passed);
  const auto* fp16 = record(c, "compute.gemm.fp16");
  EXPECT_EQ(fp16->outcome, SelfCheckOutcome::failed);
  EXPECT_THAT(fp16->detail, HasSubstr("17 of 4096 checked elements off"));
  EXPECT_THAT(fp16->detail, HasSubstr("4.50 TFLOPS"));
  EXPECT_THAT(fp16->detail, HasSubstr("10.00 TFLOPS"));
  // A failed GEMM canary on one side disagrees too, though its square GEMM matched.
  auto cuda = side("cuda", 300e9, {"fp32"});
  cuda.gemm_canaries[0].outcome = SelfCheckOutcome::failed;
  EXPECT_EQ(record(compare_backends(cuda, side("vulkan", 300e9, {"fp32"})), "compute.gemm.fp32")->outcome,
            SelfCheckOutcome::failed);
}

TEST(CrossBackendComparison, EveryVariantOfAPrecisionCountsInOneRecord) {
  // CUDA runs fp16 with fp16 and with fp32 accumulation; one of them is off the reference.
  auto cuda = side("cuda", 300e9, {"fp16"});
  cuda.gemm[0].accumulate = "fp16";
  auto wide = square_gemm("fp16", 20, 3);
  wide.accumulate = "fp32";
  cuda.gemm.push_back(wide);
  auto c = compare_backends(cuda, side("vulkan", 300e9, {"fp16"}));
  ASSERT_EQ(c.self_checks.size(), 2u);  // memory and fp16, once
  const auto* fp16 = record(c, "compute.gemm.fp16");
  EXPECT_EQ(fp16->outcome, SelfCheckOutcome::failed);
  EXPECT_THAT(fp16->detail, HasSubstr("(fp16 accumulate)"));
  EXPECT_THAT(fp16->detail, HasSubstr("(fp32 accumulate) 2048x2048x2048: 3 of 4096"));
}

TEST(CrossBackendComparison, ABackendThatCouldNotRunMakesOneNotRunRecordAndNoVerdict) {
  auto vulkan = side("vulkan", 0, {});
  vulkan.error = "VRAM: out of device memory";
  auto c = compare_backends(side("cuda", 300e9, {"fp32"}), vulkan);
  ASSERT_EQ(c.self_checks.size(), 1u);
  EXPECT_EQ(c.self_checks[0].outcome, SelfCheckOutcome::not_run);
  EXPECT_THAT(c.self_checks[0].detail, HasSubstr("vulkan could not run it: VRAM: out of device memory"));
  // A side without a copy figure: the canaries alone cannot say the copies agree.
  auto no_copy = side("vulkan", 0, {});
  no_copy.copy_bytes_per_s.reset();
  const auto without_copy = compare_backends(side("cuda", 300e9, {}), no_copy);
  const auto* vram = record(without_copy, "vram.integrity");
  EXPECT_EQ(vram->outcome, SelfCheckOutcome::not_run);
  EXPECT_THAT(vram->detail, HasSubstr("vulkan did not measure it"));
}

// A GPU with passing vram.integrity and compute.gemm.fp16 checks and the given self-checks.
GpuEntry judged_gpu(SelfChecks self_checks) {
  GpuEntry gpu;
  for (auto id : {"vram.integrity", "compute.gemm.fp16", "compute.gemm.fp32"}) {
    Check c;
    c.id = id;
    c.status = CheckStatus::pass;
    c.summary = "fine";
    gpu.checks.push_back(c);
  }
  gpu.self_checks = std::move(self_checks);
  return gpu;
}

TEST(CrossBackendRule, ADisagreementWarnsOnTheCheckItBearsOnAndIsNoDetectorFailure) {
  auto gpu = judged_gpu({{SelfCheckKind::cross_backend, "compute.gemm.fp16", SelfCheckOutcome::failed,
                          "cuda cublas: 4.50 TFLOPS; vulkan vulkan-tiled: 17 of 4096 off"}});
  apply_failed_self_checks(gpu);
  const auto& fp16 = gpu.checks[1];
  EXPECT_EQ(fp16.status, CheckStatus::warn);
  EXPECT_THAT(fp16.summary, HasSubstr("CUDA and Vulkan disagree"));
  EXPECT_THAT(fp16.evidence.back(), HasSubstr("17 of 4096 off"));
  EXPECT_EQ(gpu.checks[0].status, CheckStatus::pass);
  EXPECT_EQ(gpu.checks[2].status, CheckStatus::pass);
  EXPECT_FALSE(has_failed_self_check(gpu));  // not `untested`
  for (const auto& reason : self_check_verdict_reasons(gpu)) EXPECT_NE(reason.status, CheckStatus::error);
  EXPECT_THAT(*self_check_line(gpu), HasSubstr("FAILED: CUDA/Vulkan agreement compute.gemm.fp16"));
}

TEST(CrossBackendRule, AgreementAndACrossCheckNotRunLeaveEveryCheckAsItWas) {
  auto gpu = judged_gpu({{SelfCheckKind::cross_backend, "vram.integrity", SelfCheckOutcome::passed, "agree"},
                         {SelfCheckKind::cross_backend, "", SelfCheckOutcome::not_run, "vulkan could not run it"}});
  apply_failed_self_checks(gpu);
  for (const auto& c : gpu.checks) EXPECT_EQ(c.status, CheckStatus::pass) << c.id;
  EXPECT_TRUE(self_check_verdict_reasons(gpu).empty());
  EXPECT_THAT(*self_check_line(gpu), HasSubstr("CUDA/Vulkan agreement"));
}

TEST(CrossBackendRule, AFailedCheckStaysFailedWhenTheBackendsAlsoDisagree) {
  auto gpu = judged_gpu({{SelfCheckKind::cross_backend, "vram.integrity", SelfCheckOutcome::failed, "x"}});
  gpu.checks[0].status = CheckStatus::fail;
  apply_failed_self_checks(gpu);
  EXPECT_EQ(gpu.checks[0].status, CheckStatus::fail);
}

}  // namespace
}  // namespace rigcheck
