// `run --only CHECK,...`: which ids are valid, which steps they need, and a restricted run's
// report: the checks left out say "not selected (--only)" and the verdict is never sound.
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/check_steps.hpp"
#include "reports/judge/check_selection.hpp"
#include "tests/steps/step_fixture.hpp"

namespace rigcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::devices_of;
using testing::fake_gpu;
using testing::find_check;

TEST(OnlyChecks, EachCheckNeedsItsStepAndProbeChecksNeedNone) {
  // The cross-check bears on VRAM and GEMM results; it runs only where a profile has it.
  EXPECT_THAT(steps_for_checks({"vram.integrity"}), ElementsAre(StepKind::vram, StepKind::cross_check));
  EXPECT_THAT(steps_for_checks({"power.sustained", "compute.gemm.fp16"}),
              ElementsAre(StepKind::compute, StepKind::cross_check, StepKind::burn));
  EXPECT_THAT(steps_for_checks({"compute.attention"}), ElementsAre(StepKind::compute));
  EXPECT_THAT(steps_for_checks({"pcie"}), ElementsAre(StepKind::transfers));  // pcie.bandwidth
  EXPECT_THAT(steps_for_checks({"run.burn"}), ElementsAre(StepKind::burn));
  EXPECT_TRUE(steps_for_checks({"pcie.link", "host.memory", "vram.ecc"}).empty());
  EXPECT_EQ(steps_for_checks({"run"}).size(), step_table().size());
}

TEST(OnlyChecks, ValidIdsAreCatalogIdsGroupsAndFilledPlaceholders) {
  EXPECT_EQ(check_selection_problem({"vram.integrity", "pcie", "compute.gemm", "compute.gemm.fp16", "run.vram"}),
            std::nullopt);
  const auto problem = check_selection_problem({"vram.integrity", "vram.integ"});
  ASSERT_TRUE(problem);
  EXPECT_THAT(*problem, HasSubstr("unknown check id 'vram.integ'"));
  EXPECT_THAT(*problem, HasSubstr("vram.integrity"));  // the valid ids are listed
  EXPECT_TRUE(check_selection_problem({"compute.gemm.fp16.extra"}));
}

TEST(OnlyChecks, SelectedMeansTheIdOrItsGroup) {
  EXPECT_TRUE(check_selected("compute.gemm.fp16", {"compute"}));
  EXPECT_TRUE(check_selected("compute.gemm.fp16", {"compute.gemm.fp16"}));
  EXPECT_FALSE(check_selected("compute.gemm.fp16", {"compute.gemm.fp1"}));
  EXPECT_FALSE(check_selected("compute.attention.fp16", {"compute.gemm"}));
}

Report restricted_run(const std::vector<std::string>& only) {
  fake::Spec spec;
  spec.devices = {fake_gpu()};
  InProcessExecutor executor;
  Report report = new_report("quick");
  for (const auto& device : devices_of(spec)) {
    GpuEntry& gpu = gpu_entry_for(report, device.primary.info);
    gpu.pci.driver = "nvidia";
    gpu.memory_bytes = 24ull << 30;
  }
  run_steps(report, devices_of(spec), steps_for_checks({"vram.integrity"}), testing::quick_settings(), executor, {});
  report.only_checks = only;
  return judge(std::move(report), *load_policy("gpt2-finetune"));
}

TEST(OnlyChecks, ChecksNotSelectedSaySoAndTheVerdictIsNeverSound) {
  const Report report = restricted_run({"vram.integrity"});
  const auto& gpu = report.gpus.at(0);
  ASSERT_TRUE(find_check(gpu, "vram.integrity"));
  EXPECT_EQ(find_check(gpu, "vram.integrity")->status, CheckStatus::pass);
  const Check* burn = find_check(gpu, "power.sustained");
  ASSERT_TRUE(burn);
  EXPECT_EQ(burn->status, CheckStatus::skip);
  EXPECT_EQ(burn->summary, "not selected (--only)");
  // Checks judged from the probe alone are not "not selected": they ran, or do not apply.
  for (const char* id : {"host.driver", "vram.ecc", "pcie.link"}) {
    if (const Check* probe = find_check(gpu, id)) {
      EXPECT_NE(probe->summary, "not selected (--only)") << id;
    }
  }
  EXPECT_EQ(report.verdict.status, VerdictStatus::untested);
  const auto& reasons = report.verdict.reasons;
  EXPECT_TRUE(std::any_of(reasons.begin(), reasons.end(),
                          [](const VerdictReason& r) { return r.summary.find("--only") != std::string::npos; }));
}

TEST(OnlyChecks, TheSameStepsWithoutOnlyAreJudgedAsBefore) {
  // What --only adds: without it the missing sustained load makes no check and no reason.
  const Report report = restricted_run({});
  EXPECT_EQ(find_check(report.gpus.at(0), "power.sustained"), nullptr);
  for (const auto& reason : report.verdict.reasons) EXPECT_THAT(reason.summary, ::testing::Not(HasSubstr("--only")));
}

TEST(OnlyChecks, AGroupSelectedInPartIsNotListedAsLeftOut) {
  const Report report = restricted_run({"vram.integrity", "compute.gemm.fp32"});
  const auto& gpu = report.gpus.at(0);
  EXPECT_EQ(find_check(gpu, "compute.gemm"), nullptr);        // touched by the selection
  ASSERT_NE(find_check(gpu, "compute.attention"), nullptr);  // its step did not run here: left out
  EXPECT_EQ(find_check(gpu, "compute.attention")->summary, "not selected (--only)");
}

}  // namespace
}  // namespace rigcheck
