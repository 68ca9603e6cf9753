// Whole commands against the fake NVML: a fixture machine's sysfs plus a "driver" that answers
// from a scenario, through the real dlopen path, sampler and judge.
#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

testing::CommandResult with_scenario(const std::string& scenario, std::vector<std::string> args) {
  args.insert(args.end(), {"--nvml-library", RIGCHECK_FAKE_NVML, "--format", "json"});
  return testing::run_rigcheck(args, {"RIGCHECK_FAKE_NVML_SCENARIO=" + std::string(RIGCHECK_FAKE_NVML_SCENARIOS) + "/" +
                                      scenario + ".json"});
}

json gpu_check(const json& report, const std::string& bdf, const std::string& id) {
  for (const auto& gpu : report["gpus"])
    if (gpu["pci"]["bdf"] == bdf)
      for (const auto& c : gpu["checks"])
        if (c["id"] == id) return c;
  ADD_FAILURE() << "no " << id << " for " << bdf;
  return json::object();
}

TEST(NvmlEndToEnd, PendingRetiredPagesFailVramEcc) {
  auto result = with_scenario("p40_retired_pages_pending", {"probe", "--sysroot", testing::machine_dir("p40-healthy")});
  ASSERT_EQ(result.exit_code, 1) << result.stderr_text;
  auto report = json::parse(result.stdout_text);
  auto ecc = gpu_check(report, "0000:13:00.0", "vram.ecc");
  EXPECT_EQ(ecc["status"], "fail");
  std::string advice;
  for (const auto& a : ecc["advice"]) advice += a.get<std::string>();
  EXPECT_THAT(advice, HasSubstr("Reboot"));
  for (const auto& gpu : report["gpus"])
    if (gpu["pci"]["bdf"] == "0000:13:00.0") {
      EXPECT_EQ(gpu["serial"], "0324117012345");
      EXPECT_EQ(gpu["memory_bytes"], 25639583744ull);
    }
  EXPECT_TRUE(report["nvml"]["initialized"].get<bool>());
  EXPECT_EQ(testing::validate_report_json("nvml-retired-pages", result.stdout_text), "");
}

TEST(NvmlEndToEnd, HealthyP40WithEccOffSkipsEcc) {
  auto result = with_scenario("p40_healthy_ecc_off", {"probe", "--sysroot", testing::machine_dir("p40-healthy")});
  // The scenario's second P40 is not in this machine's sysfs: its BARs were never read
  // (pcie.bar error), so the verdict is untested, never sound.
  EXPECT_EQ(result.exit_code, 3) << result.stderr_text;
  auto report = json::parse(result.stdout_text);
  auto ecc = gpu_check(report, "0000:13:00.0", "vram.ecc");
  EXPECT_EQ(ecc["status"], "skip");
  EXPECT_THAT(ecc["summary"].get<std::string>(), HasSubstr("vram.integrity"));
}

TEST(NvmlEndToEnd, TheComputeCapabilityComesFromNvml) {
  auto result = with_scenario("p40_healthy_ecc_off", {"probe", "--sysroot", testing::machine_dir("p40-healthy")});
  auto report = json::parse(result.stdout_text);
  bool seen = false;
  for (const auto& gpu : report["gpus"])
    if (gpu["pci"]["bdf"] == "0000:13:00.0") {
      seen = true;
      EXPECT_EQ(gpu["compute_capability"], "6.1");  // nvmlDeviceGetCudaComputeCapability
      EXPECT_EQ(gpu["facts"]["nvml"]["cuda_compute_capability"], "6.1");
      EXPECT_TRUE(gpu["sm_count"].is_null());  // only the CUDA device properties give it
    }
  EXPECT_TRUE(seen);
  EXPECT_EQ(testing::validate_report_json("nvml-compute-capability", result.stdout_text), "");
}

TEST(NvmlEndToEnd, DriverNotLoadedIsExplainedInHostDriver) {
  auto result = with_scenario("init_driver_not_loaded", {"probe", "--sysroot", testing::machine_dir("p40-healthy")});
  auto report = json::parse(result.stdout_text);
  EXPECT_FALSE(report["nvml"]["initialized"].get<bool>());
  auto driver = gpu_check(report, "0000:13:00.0", "host.driver");
  std::string all = driver["summary"].get<std::string>() + driver["evidence"].dump();
  EXPECT_THAT(all, HasSubstr("NVML"));
}

TEST(NvmlEndToEnd, RunSamplesTelemetryAndJudgesReplays) {
  auto out = testing::scratch_dir("nvml-run");
  auto result = with_scenario("replay_climbing", {"run", "--skip", "compute", "--duration", "1s", "--sysroot", testing::machine_dir("p40-healthy"), "--out-dir",
                                                  out.string(), "-q"});
  auto report = json::parse(result.stdout_text);
  bool found = false;
  for (const auto& gpu : report["gpus"])
    if (gpu["pci"]["bdf"] == "0000:13:00.0") {
      found = true;
      ASSERT_FALSE(gpu["telemetry"].is_null());
      EXPECT_GE(gpu["telemetry"]["rows"].size(), 2u);
    }
  EXPECT_TRUE(found);
  auto errors = gpu_check(report, "0000:13:00.0", "pcie.errors");
  EXPECT_NE(errors["status"], "pass") << errors.dump();
  EXPECT_EQ(testing::validate_report_json("nvml-run", result.stdout_text), "");
}

TEST(NvmlEndToEnd, MissingLibraryIsSaidNotFatal) {
  auto result = testing::run_rigcheck({"probe", "--sysroot", testing::machine_dir("p40-healthy"), "--nvml-library",
                                       "/nonexistent/libnvidia-ml.so.1", "--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  auto report = json::parse(result.stdout_text);
  EXPECT_FALSE(report["nvml"]["loaded"].get<bool>());
  EXPECT_FALSE(report["nvml"]["load_error"].is_null());
}

}  // namespace
}  // namespace rigcheck

namespace rigcheck {
namespace {

// Issue 7's end-to-end run: `rigcheck burn --duration 5s` on the CPU Vulkan device with the fake
// NVML answering for the fixture machine's P40 (the load runs on lavapipe, the series on the P40).
TEST(BurnEndToEnd, FiveSecondBurnWithFakeNvml) {
  auto result = with_scenario("p40_healthy_ecc_off", {"burn", "--duration", "5s", "--sysroot",
                                                      testing::machine_dir("p40-healthy"), "-q"});
  ASSERT_FALSE(result.stdout_text.empty()) << result.stderr_text;
  auto report = json::parse(result.stdout_text);
  EXPECT_EQ(report["profile"], "burn");
  bool burned = false, sampled = false;
  for (const auto& gpu : report["gpus"]) {
    if (!gpu["measurements"]["burn"].is_null()) {
      burned = true;
      const auto& burn = gpu["measurements"]["burn"];
      EXPECT_GE(burn["duration_achieved_s"].get<double>(), 4.5);
      EXPECT_GE(burn["intervals"].size(), 1u);
      EXPECT_GE(burn["stability"]["checks_done"].get<int>(), 1);
      bool stable = false;
      for (const auto& c : gpu["checks"])
        if (c["id"] == "stability.compute") stable = c["status"] == "pass";
      EXPECT_TRUE(stable);
    }
    if (gpu["pci"]["bdf"] == "0000:13:00.0") sampled = !gpu["telemetry"].is_null() && gpu["telemetry"]["rows"].size() >= 10;
  }
  EXPECT_TRUE(burned);
  EXPECT_TRUE(sampled) << "the P40's series should cover the 5 s load at 100 ms";
  EXPECT_EQ(testing::validate_report_json("burn-fake-nvml", result.stdout_text), "");
}

TEST(BurnEndToEnd, BadDurationIsExit2) {
  EXPECT_EQ(testing::run_rigcheck({"burn", "--duration", "soon"}).exit_code, 2);
  EXPECT_EQ(testing::run_rigcheck({"run", "--duration", "-5m"}).exit_code, 2);
}

// A driver stuck inside nvmlInit_v2: `rigcheck probe` finishes after the NVML deadline with the
// NVML facts not available, instead of hanging until killed.
TEST(NvmlEndToEnd, AStuckNvmlInitDoesNotHangProbe) {
  const auto start = std::chrono::steady_clock::now();
  auto result = testing::run_rigcheck(
      {"probe", "--sysroot", testing::machine_dir("p40-healthy"), "--nvml-library", RIGCHECK_FAKE_NVML, "--format", "json"},
      {"RIGCHECK_FAKE_NVML_SCENARIO=" + std::string(RIGCHECK_FAKE_NVML_SCENARIOS) + "/init_hangs.json",
       "RIGCHECK_NVML_DEADLINE_S=0.5"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_NE(result.exit_code, 2) << result.stderr_text;
  auto report = json::parse(result.stdout_text);
  EXPECT_THAT(report["nvml"].dump(), HasSubstr("did not answer within"));
}

}  // namespace
}  // namespace rigcheck
