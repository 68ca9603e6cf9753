// Whole-command tests: `rigcheck report R.json` applies the physics guard to stored reports. The
// fixtures were judged `sound` by an earlier rigcheck although a figure is above what a Tesla
// P40 can do (tests/fixtures/reports/README.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::run_rigcheck;

json gpu_check(const json& report, const std::string& id, const std::string& gpu_name = "Tesla P40") {
  for (const auto& gpu : report["gpus"])
    if (gpu["name"] == gpu_name)
      for (const auto& c : gpu["checks"])
        if (c["id"] == id) return c;
  ADD_FAILURE() << "no check " << id << " on the " << gpu_name;
  return json::object();
}

json p40_check(const json& report, const std::string& id) { return gpu_check(report, id); }

std::string stored_status(const std::string& fixture, const std::string& id, const std::string& gpu_name = "Tesla P40") {
  const auto stored = json::parse(testing::read_file(testing::fixture_path("reports/" + fixture)));
  return gpu_check(stored, id, gpu_name)["status"].get<std::string>();
}

// `rigcheck report FIXTURE --format json`: the re-judged report, and the exit code.
struct Rejudged {
  json report;
  int exit_code;
};
Rejudged rejudge(const std::string& fixture) {
  auto result = run_rigcheck({"report", testing::fixture_path("reports/" + fixture), "--format", "json"});
  auto report = json::parse(result.stdout_text, nullptr, false);
  EXPECT_FALSE(report.is_discarded()) << result.stderr_text;
  EXPECT_EQ(testing::validate_report_json("rejudged-" + fixture, result.stdout_text), "");
  return {report, result.exit_code};
}

TEST(RejudgePhysics, FortyTflopsFp32OnAP40IsAnError) {
  const std::string fixture = "p40-gemm-fp32-40-tflops.json";
  ASSERT_EQ(stored_status(fixture, "compute.gemm.fp32"), "pass");  // what the earlier rigcheck said
  const auto [report, exit_code] = rejudge(fixture);
  const auto check = p40_check(report, "compute.gemm.fp32");
  EXPECT_EQ(check["status"], "error");
  EXPECT_THAT(check["summary"].get<std::string>(),
              HasSubstr("40.0 TFLOPS measured (cublas square 4096x4096x4096), above the 11.8 TFLOPS fp32 peak of a "
                        "Tesla P40 at 1531 MHz: the timing or the measurement is broken"));
  EXPECT_EQ(report["verdict"]["status"], "untested");
  EXPECT_EQ(exit_code, 3);
  // The GPT-2 estimates leave the impossible figure out (the earlier rigcheck used it) and say why.
  const auto stored = json::parse(testing::read_file(testing::fixture_path("reports/" + fixture)));
  ASSERT_EQ(stored["gpt2"]["inputs"]["measured_tflops"]["fp32"], 40.0);
  EXPECT_TRUE(report["gpt2"]["inputs"]["measured_tflops"]["fp32"].is_null());
  EXPECT_THAT(report["gpt2"]["basis"].dump(), HasSubstr("measured fp32 GEMM figure not used: 40.0 TFLOPS measured"));

  auto text = run_rigcheck({"report", testing::fixture_path("reports/" + fixture), "--no-color"});
  EXPECT_THAT(text.stdout_text, HasSubstr("above the 11.8 TFLOPS fp32 peak"));
  EXPECT_THAT(text.stdout_text, ::testing::Not(HasSubstr("340%")));
}

TEST(RejudgePhysics, DeviceCopyAboveTheMemoryBandwidthIsAnError) {
  const std::string fixture = "p40-device-copy-800-gbps.json";
  ASSERT_EQ(stored_status(fixture, "vram.integrity"), "pass");
  const auto [report, exit_code] = rejudge(fixture);
  const auto check = p40_check(report, "vram.integrity");
  EXPECT_EQ(check["status"], "error");
  EXPECT_THAT(check["summary"].get<std::string>(),
              HasSubstr("device copy (api_copy) 800.0 GB/s measured, above the 346.0 GB/s memory bandwidth"));
  EXPECT_EQ(report["verdict"]["status"], "untested");
  EXPECT_EQ(exit_code, 3);
}

// A card the card table lacks, bounded by its architecture: compute capability 8.6 and 84 SMs
// give 154.8 TFLOPS of fp16 tensor-core work at NVML's 1800 MHz maximum SM clock.
TEST(RejudgePhysics, TensorCoreFigureAboveAnUnlistedCardsArchitecturePeakIsAnError) {
  const std::string fixture = "a6000-gemm-fp16-400-tflops.json";
  const std::string card = "NVIDIA RTX A6000";
  ASSERT_EQ(stored_status(fixture, "compute.gemm.fp16", card), "pass");
  const auto [report, exit_code] = rejudge(fixture);
  const auto check = gpu_check(report, "compute.gemm.fp16", card);
  EXPECT_EQ(check["status"], "error");
  EXPECT_THAT(check["summary"].get<std::string>(),
              HasSubstr("400.0 TFLOPS measured (cublas square 4096x4096x4096), above the 154.8 TFLOPS fp16 tensor "
                        "cores, fp32 accumulate peak of this device at 1800 MHz"));
  EXPECT_THAT(check["evidence"].dump(), HasSubstr("compute capability 8.6 (Ampere GA10x), 84 SMs"));
  EXPECT_EQ(report["verdict"]["status"], "untested");
  EXPECT_EQ(exit_code, 3);
}

}  // namespace
}  // namespace rigcheck
