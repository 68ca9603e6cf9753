// run, report (re-judging), gather (replay) and the output formats, end to end.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using testing::run_rigcheck;
namespace fs = std::filesystem;

TEST(RunCommand, NoGpuWritesUntestedReportAndExits3) {
  auto out = testing::scratch_dir("run-no-gpu") / "report";
  auto result = run_rigcheck({"run", "--skip", "compute", "--duration", "1s", "--sysroot", testing::machine_dir("no-gpu"), "--out-dir", out.string(), "--no-color"});
  EXPECT_EQ(result.exit_code, 3) << result.stderr_text;
  ASSERT_TRUE(fs::exists(out / "report.json"));
  EXPECT_TRUE(fs::exists(out / "summary.txt"));
  EXPECT_TRUE(fs::exists(out / "summary.md"));
  EXPECT_TRUE(fs::exists(out / "report.html"));
  auto report = json::parse(testing::read_file(out / "report.json"));
  EXPECT_EQ(report["verdict"]["status"], "untested");
  EXPECT_EQ(report["profile"], "quick");
  EXPECT_THAT(result.stdout_text, HasSubstr("Verdict: UNTESTED"));
  EXPECT_EQ(testing::validate_report_json("run-no-gpu", testing::read_file(out / "report.json")), "");
}

TEST(RunCommand, EveryStepLandsInTheSameEntryForADeviceWithoutPciAddress) {
  auto out = testing::scratch_dir("run-one-entry");
  auto result = run_rigcheck({"run", "--skip", "compute", "--duration", "1s", "--sysroot", testing::machine_dir("no-gpu"),
                              "--out-dir", out.string(), "-q", "--format", "json"});
  auto report = json::parse(result.stdout_text);
  int cpu_entries = 0;
  for (const auto& gpu : report["gpus"])
    if (gpu["pci"]["bdf"] == "") {
      ++cpu_entries;
      EXPECT_FALSE(gpu["measurements"]["vram"].is_null());
      EXPECT_FALSE(gpu["measurements"]["burn"].is_null());
      EXPECT_FALSE(gpu["measurements"]["transfers"].is_null());
    }
  EXPECT_LE(cpu_entries, 1) << "the VRAM and burn steps made separate entries for one device";
}

// The tested device's entry of a `rigcheck vram` report (the probe lists the machine's other GPUs).
const json* tested_gpu(const json& report) {
  for (const auto& gpu : report["gpus"])
    if (!gpu["measurements"]["vram"].is_null()) return &gpu;
  return nullptr;
}

// `rigcheck vram` on the first device (lavapipe in CI): the patterns, then the transfers, judged
// like every other command.
TEST(VramCommand, TestsMemoryThenTransfersAndJudgesBoth) {
  auto result = run_rigcheck({"vram", "--size", "16MiB", "--format", "json", "-q"});
  auto report = json::parse(result.stdout_text);
  const json* gpu = tested_gpu(report);
  if (result.exit_code == 3 && gpu == nullptr) GTEST_SKIP() << "no usable device";
  EXPECT_NE(result.exit_code, 2) << result.stderr_text;
  EXPECT_EQ(testing::validate_report_json("vram-command", result.stdout_text), "");
  EXPECT_EQ(report["profile"], "vram");
  ASSERT_NE(gpu, nullptr);
  ASSERT_FALSE((*gpu)["measurements"]["transfers"].is_null());
  EXPECT_FALSE((*gpu)["measurements"]["transfers"]["samples"].empty());
  std::vector<std::string> ids;
  for (const auto& check : (*gpu)["checks"]) ids.push_back(check["id"]);
  EXPECT_THAT(ids, ::testing::IsSupersetOf({"vram.integrity", "pcie.bandwidth"}));
  for (const auto& check : (*gpu)["checks"]) {
    if (check["id"] == "vram.integrity") {
      EXPECT_EQ(check["status"], "pass");
    }
  }
}

TEST(VramCommand, ABadPolicyIsBadUsage) {
  auto result = run_rigcheck({"vram", "--size", "16MiB", "--policy", "/nonexistent/policy.toml"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.stdout_text.empty());
}

TEST(VramCommand, InjectedFaultsFailWithoutTransfers) {
  auto result = run_rigcheck({"vram", "--size", "16MiB", "--inject-faults", "3", "--no-transfers", "--format", "json", "-q"});
  auto report = json::parse(result.stdout_text);
  if (result.exit_code == 3 && tested_gpu(report) == nullptr) GTEST_SKIP() << "no usable device";
  EXPECT_EQ(result.exit_code, 1) << result.stderr_text;
  const auto& gpu = *tested_gpu(report);
  EXPECT_TRUE(gpu["measurements"]["transfers"].is_null());
  EXPECT_EQ(gpu["measurements"]["vram"]["error_count"], 3);
  EXPECT_EQ(report["verdict"]["status"], "unsound");
}

// Every command that tests or lists devices: a selection that matches nothing is bad usage,
// before any probe or test (so the exit code is 2 whether or not devices exist).
TEST(GpuSelectionCommand, AnUnknownDeviceIsBadUsageInEveryCommand) {
  auto out = testing::scratch_dir("gpu-99");
  const std::vector<std::vector<std::string>> commands{
      {"vram", "--size", "16MiB", "--gpu", "17"},
      {"run", "--gpu", "99", "--out-dir", out.string()},
      {"compute", "--gpu", "99"},
      {"burn", "--duration", "1s", "--gpu", "99"},
      {"list", "--gpu", "99"}};
  for (const auto& args : commands) {
    auto result = run_rigcheck(args);
    EXPECT_EQ(result.exit_code, 2) << args[0] << ": " << result.stderr_text;
    EXPECT_THAT(result.stderr_text, HasSubstr("matches no device")) << args[0];
    EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
  }
  EXPECT_FALSE(fs::exists(out / "report.json"));
}

TEST(RunCommand, QuietPrintsNothingOnStderr) {
  auto out = testing::scratch_dir("run-quiet");
  auto result = run_rigcheck({"run", "--skip", "compute", "--duration", "1s", "--sysroot", testing::machine_dir("p40-healthy"), "--out-dir", out.string(), "-q",
                              "--format", "json"});
  EXPECT_TRUE(result.stderr_text.empty()) << result.stderr_text;
  EXPECT_FALSE(json::parse(result.stdout_text, nullptr, false).is_discarded());
}

TEST(ReportCommand, RejudgingUnderAnotherPolicyChangesTheVerdict) {
  auto dir = testing::scratch_dir("rejudge");
  auto probed = run_rigcheck({"probe", "--sysroot", testing::machine_dir("m40-riser-x4"), "--format", "json", "-o",
                              (dir / "report.json").string()});
  ASSERT_EQ(probed.exit_code, 1);
  // A lenient policy: correctable errors tolerated; the x4 link still fails.
  std::ofstream(dir / "lenient.toml") << "name = \"lenient\"\n[pcie.errors]\ncorrectable_warn_above = 1000\n";
  auto rejudged = run_rigcheck({"report", (dir / "report.json").string(), "--policy", (dir / "lenient.toml").string(),
                                "--format", "json"});
  auto report = json::parse(rejudged.stdout_text);
  EXPECT_EQ(report["policy"], "lenient");
  for (const auto& c : report["gpus"][1]["checks"])
    if (c["id"] == "pcie.errors") {
      EXPECT_EQ(c["status"], "pass");
    }
  EXPECT_EQ(rejudged.exit_code, 1);
  EXPECT_EQ(testing::validate_report_json("rejudged", rejudged.stdout_text), "");
}

TEST(ReportCommand, EveryFormatRenders) {
  auto dir = testing::scratch_dir("formats");
  auto path = (dir / "report.json").string();
  ASSERT_EQ(run_rigcheck({"probe", "--sysroot", testing::machine_dir("p40-above4g-off"), "--format", "json", "-o", path}).exit_code, 1);
  auto md = run_rigcheck({"report", path, "--format", "md"});
  EXPECT_THAT(md.stdout_text, HasSubstr("| ❌ **fail** | `pcie.bar` |"));
  auto junit = run_rigcheck({"report", path, "--format", "junit"});
  EXPECT_THAT(junit.stdout_text, HasSubstr("<failure message=\"BAR 1 (32 GiB) has no address assigned"));
  auto prom = run_rigcheck({"report", path, "--format", "prom"});
  EXPECT_THAT(prom.stdout_text, HasSubstr("rigcheck_check_health{gpu=\"1\",UUID=\"\",pci_bus_id=\"0000:13:00.0\",model_name=\"Tesla P40\",Hostname=\"fixture\",check=\"pcie.bar\"} 20"));
  EXPECT_THAT(prom.stdout_text, HasSubstr("rigcheck_verdict{Hostname=\"fixture\",status=\"unsound\"} 1"));
  auto text = run_rigcheck({"report", path, "--no-color"});
  EXPECT_THAT(text.stdout_text, HasSubstr("[FAIL] pcie.bar"));
  EXPECT_EQ(text.stdout_text.find("\033["), std::string::npos);  // never colour when not a TTY
  for (const auto* r : {&md, &junit, &prom, &text}) EXPECT_EQ(r->exit_code, 1);
}

TEST(GatherCommand, ArchiveReplaysTheSameFacts) {
  auto dir = testing::scratch_dir("gather");
  auto archive = (dir / "machine.tar.gz").string();
  auto gathered = run_rigcheck({"gather", "--sysroot", testing::machine_dir("m40-riser-x4"), "-o", archive});
  ASSERT_EQ(gathered.exit_code, 0) << gathered.stderr_text;
  fs::create_directories(dir / "m");
  ASSERT_EQ(std::system(("tar -xzf " + archive + " -C " + (dir / "m").string()).c_str()), 0);
  EXPECT_FALSE(fs::exists(dir / "m/proc/sys/kernel/hostname"));  // nothing private
  EXPECT_TRUE(fs::exists(dir / "m/kernel-log.txt"));
  auto original = json::parse(run_rigcheck({"probe", "--sysroot", testing::machine_dir("m40-riser-x4"), "--format", "json"}).stdout_text);
  auto replayed = json::parse(run_rigcheck({"probe", "--sysroot", (dir / "m").string(), "--format", "json"}).stdout_text);
  EXPECT_EQ(original["gpus"], replayed["gpus"]);
  EXPECT_EQ(original["verdict"], replayed["verdict"]);
  EXPECT_EQ(original["host"]["kernel_log"]["events"], replayed["host"]["kernel_log"]["events"]);
  EXPECT_EQ(original["host"]["memory_total_bytes"], replayed["host"]["memory_total_bytes"]);
}

TEST(GatherCommand, NeedsAnOutputPath) {
  auto result = run_rigcheck({"gather"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.stderr_text, HasSubstr("-o"));
}

TEST(ListCommand, ShowsThePciDisplayDevices) {
  auto result = run_rigcheck({"list", "--sysroot", testing::machine_dir("two-p40-one-x1-slot")});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.stdout_text, HasSubstr("0000:22:00.0  [10de:1b38]"));
  EXPECT_THAT(result.stdout_text, HasSubstr("ASPEED"));
}

}  // namespace
}  // namespace rigcheck
