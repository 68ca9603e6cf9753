// VRAM thresholds are policy keys: a stored report (tests/fixtures/reports/, written by an earlier
// rigcheck that still stored the kernels' error classification) re-judged under a policy that
// lowers vram.integrity.min_coverage_fraction gets another verdict.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;

json rejudged(const std::vector<std::string>& extra) {
  std::vector<std::string> args{"report", testing::fixture_path("reports/p40-vram-90-percent.json"), "--format",
                                "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto result = testing::run_rigcheck(args);
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  auto report = json::parse(result.stdout_text, nullptr, false);
  EXPECT_FALSE(report.is_discarded()) << result.stdout_text.substr(0, 200);
  return report;
}

json vram_check(const json& report) {
  for (const auto& gpu : report["gpus"])
    if (gpu["pci"]["bdf"] == "0000:13:00.0")
      for (const auto& check : gpu["checks"])
        if (check["id"] == "vram.integrity") return check;
  ADD_FAILURE() << "no vram.integrity on the P40";
  return json::object();
}

// The verdict's reasons besides the note that the stored report records no self-checks.
json reasons_besides_self_checks(const json& report) {
  json out = json::array();
  for (const auto& reason : report["verdict"]["reasons"])
    if (reason["check_id"] != "self_check") out.push_back(reason);
  return out;
}

TEST(VramPolicyRejudge, CoverageThresholdOfThePolicyChangesTheVerdict) {
  const auto by_default = rejudged({});
  EXPECT_EQ(vram_check(by_default)["status"], "warn");
  ASSERT_EQ(reasons_besides_self_checks(by_default).size(), 1u);
  EXPECT_EQ(reasons_besides_self_checks(by_default)[0]["check_id"], "vram.integrity");

  const auto lenient = rejudged({"--policy", testing::fixture_path("reports/vram-coverage-85.toml")});
  EXPECT_EQ(lenient["policy"], "vram-coverage-85");
  EXPECT_EQ(vram_check(lenient)["status"], "pass");
  EXPECT_TRUE(reasons_besides_self_checks(lenient).empty());
  // Re-written without the old classification: measurements stay raw.
  for (const auto& gpu : lenient["gpus"]) {
    if (gpu["measurements"]["vram"].is_object()) {
      EXPECT_FALSE(gpu["measurements"]["vram"].contains("classification"));
    }
  }
}

}  // namespace
}  // namespace rigcheck
