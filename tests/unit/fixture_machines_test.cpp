// Whole-command tests: `rigcheck probe --sysroot <fixture machine> --format json` on each fixture
// machine, asserting the diagnosis and the advice a person should get.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::machine_dir;
using testing::run_rigcheck;

struct Probed {
  int exit_code;
  json report;
  std::string stderr_text;
};

Probed probe(const std::string& machine, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"probe", "--sysroot", machine_dir(machine), "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto result = run_rigcheck(args);
  Probed probed{result.exit_code, json::parse(result.stdout_text, nullptr, false), result.stderr_text};
  EXPECT_FALSE(probed.report.is_discarded()) << "stdout is not JSON: " << result.stdout_text.substr(0, 200);
  EXPECT_EQ(testing::validate_report_json("probe-" + machine, result.stdout_text), "");
  return probed;
}

const json& gpu_by_bdf(const json& report, const std::string& bdf) {
  for (const auto& gpu : report["gpus"])
    if (gpu["pci"]["bdf"] == bdf) return gpu;
  static const json none;
  ADD_FAILURE() << "no GPU " << bdf;
  return none;
}

json check(const json& gpu, const std::string& id) {
  for (const auto& c : gpu["checks"])
    if (c["id"] == id) return c;
  ADD_FAILURE() << "no check " << id;
  return json::object();
}

json system_check(const json& report, const std::string& id) {
  for (const auto& c : report["system_checks"])
    if (c["id"] == id) return c;
  ADD_FAILURE() << "no system check " << id;
  return json::object();
}

std::string advice_text(const json& c) {
  std::string all;
  for (const auto& a : c["advice"]) all += a.get<std::string>() + "\n";
  return all;
}

TEST(FixtureMachines, HealthyP40BesideDisplayCardIsSound) {
  auto p = probe("p40-healthy");
  EXPECT_EQ(p.exit_code, 0);
  EXPECT_EQ(p.report["verdict"]["status"], "sound");
  const auto& p40 = gpu_by_bdf(p.report, "0000:13:00.0");
  EXPECT_EQ(p40["name"], "Tesla P40");
  for (const char* id : {"host.driver", "pcie.bar", "pcie.link", "pcie.errors"}) EXPECT_EQ(check(p40, id)["status"], "pass") << id;
  EXPECT_EQ(p40["pci"]["link"]["max_width"], 16);
  EXPECT_EQ(p40["pci"]["slot_bdf"], "0000:00:03.0");
  EXPECT_EQ(p40["pci"]["slot_link"]["max_speed_gts"], 8.0);
  EXPECT_EQ(p40["pci"]["bars"][1]["size_bytes"], 34359738368ull);
  EXPECT_EQ(p40["pci"]["driver"], "nvidia");
  EXPECT_EQ(p.report["host"]["nvidia_driver_version"], "550.163.01");
  auto display = system_check(p.report, "host.display");
  EXPECT_THAT(display["summary"].get<std::string>(), HasSubstr("Quadro K600"));
}

TEST(FixtureMachines, Above4gOffFailsBarWithFirmwareAdvice) {
  auto p = probe("p40-above4g-off");
  EXPECT_EQ(p.exit_code, 1);
  EXPECT_EQ(p.report["verdict"]["status"], "unsound");
  const auto& p40 = gpu_by_bdf(p.report, "0000:13:00.0");
  auto bar = check(p40, "pcie.bar");
  EXPECT_EQ(bar["status"], "fail");
  EXPECT_THAT(bar["summary"].get<std::string>(), HasSubstr("no address assigned"));
  EXPECT_THAT(advice_text(bar), HasSubstr("Above 4G Decoding"));
  EXPECT_THAT(advice_text(bar), HasSubstr("CSM"));
  EXPECT_THAT(advice_text(bar), HasSubstr("pci=realloc"));
  EXPECT_EQ(check(p40, "host.driver")["status"], "fail");
  EXPECT_TRUE(p40["pci"]["driver"].is_null());
  // The BAR problem is fixed first; host.driver's failure names the BAR as its cause.
  const auto& reasons = p.report["verdict"]["reasons"];
  ASSERT_GE(reasons.size(), 2u);
  EXPECT_EQ(reasons[0]["check_id"], "pcie.bar");
  EXPECT_EQ(reasons[1]["check_id"], "host.driver");
  EXPECT_THAT(reasons[1]["summary"].get<std::string>(), HasSubstr("pcie.bar"));
}

TEST(FixtureMachines, PowerCableFailureGivesEpsAdvice) {
  auto p = probe("p40-power-cable");
  EXPECT_EQ(p.exit_code, 1);
  auto driver = check(gpu_by_bdf(p.report, "0000:13:00.0"), "host.driver");
  EXPECT_EQ(driver["status"], "fail");
  EXPECT_THAT(driver["summary"].get<std::string>(), HasSubstr("power"));
  EXPECT_THAT(advice_text(driver), HasSubstr("EPS-12V"));
  EXPECT_THAT(advice_text(driver), HasSubstr("600 W"));
}

TEST(FixtureMachines, M40OnRiserAtX4FailsLinkAndWarnsOnCorrectableErrors) {
  auto p = probe("m40-riser-x4");
  EXPECT_EQ(p.exit_code, 1);
  const auto& m40 = gpu_by_bdf(p.report, "0000:05:00.0");
  EXPECT_EQ(m40["name"], "Tesla M40 24GB");
  auto link = check(m40, "pcie.link");
  EXPECT_EQ(link["status"], "fail");
  EXPECT_THAT(link["summary"].get<std::string>(), HasSubstr("x4"));
  EXPECT_THAT(advice_text(link), HasSubstr("reseat"));
  auto errors = check(m40, "pcie.errors");
  EXPECT_EQ(errors["status"], "warn");
  EXPECT_EQ(errors["metrics"]["aer_correctable_count"]["value"], 23.0 + 69.0);
  EXPECT_THAT(advice_text(errors), HasSubstr("riser"));
}

TEST(FixtureMachines, CardInX1SlotWarnsThatTheSlotLimitsIt) {
  auto p = probe("two-p40-one-x1-slot");
  EXPECT_EQ(p.exit_code, 0);  // warnings only
  EXPECT_EQ(check(gpu_by_bdf(p.report, "0000:13:00.0"), "pcie.link")["status"], "pass");
  auto link = check(gpu_by_bdf(p.report, "0000:22:00.0"), "pcie.link");
  EXPECT_EQ(link["status"], "warn");
  EXPECT_THAT(link["summary"].get<std::string>(), HasSubstr("slot limits the card to x1"));
  EXPECT_THAT(system_check(p.report, "host.display")["summary"].get<std::string>(), HasSubstr("ASPEED"));
  // --strict turns the warning into a failing exit code.
  EXPECT_EQ(probe("two-p40-one-x1-slot", {"--strict"}).exit_code, 1);
}

TEST(FixtureMachines, NoGpuIsUntestedWithAReason) {
  auto p = probe("no-gpu");
  EXPECT_EQ(p.exit_code, 3);
  EXPECT_EQ(p.report["verdict"]["status"], "untested");
  EXPECT_THAT(p.report["verdict"]["reasons"][0]["summary"].get<std::string>(), HasSubstr("no GPU found"));
  EXPECT_FALSE(p.report["host"]["kernel_log"]["available"].get<bool>());
}

TEST(FixtureMachines, GpuThatFellOffTheBusFailsPcieErrors) {
  auto p = probe("p40-fell-off-bus");
  EXPECT_EQ(p.exit_code, 1);
  auto errors = check(gpu_by_bdf(p.report, "0000:13:00.0"), "pcie.errors");
  EXPECT_EQ(errors["status"], "fail");
  EXPECT_THAT(errors["summary"].get<std::string>(), HasSubstr("fell off the bus"));
  EXPECT_THAT(advice_text(errors), HasSubstr("power"));
}

TEST(FixtureMachines, KernelLogFileOverridesTheSysrootOne) {
  // The healthy machine with the Above-4G log pasted from journalctl: the log alone fails pcie.bar.
  auto p = probe("p40-healthy", {"--kernel-log", testing::fixture_path("kernel-logs/above4g.journalctl.txt")});
  EXPECT_EQ(check(gpu_by_bdf(p.report, "0000:13:00.0"), "pcie.bar")["status"], "fail");
  EXPECT_EQ(p.exit_code, 1);
}

}  // namespace
}  // namespace rigcheck
