// Baselines and fleet outliers: `--baseline KNOWN_GOOD.json` turns a key figure worse than the
// known-good run by more than the policy's tolerance (and outside both runs' spread) into a
// failing `baseline.<figure>` check; another card model is exit 2. `compare --fail-on-outlier`
// exits 1 for a card worse than the median of its model. Also: the JSON of `compare` and
// `list` validate against their schemas in reports/schema/.
#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/compare/baseline.hpp"
#include "reports/compare/outliers.hpp"
#include "reports/report_json.hpp"
#include "tests/render/render_fixtures.hpp"
#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;

// The P40 burn report with its fp32 GEMM at `tflops` (repeats spread ±`spread_fraction`).
Report p40_run(double tflops, double spread_fraction = 0.01) {
  auto report = render_fixtures::burn_report();
  report.gpus[0].pci.name = "Tesla P40";  // the renderer fixture leaves these out; the schema wants them
  report.gpus[0].pci.name_source = "card-table";
  report.gpt2.reset();  // judge() builds it from the facts
  auto& gemm = report.gpus[0].measurements.compute->gemm[0];
  gemm.throughput.tflops_median = tflops;
  gemm.throughput.tflops_min = tflops * (1 - spread_fraction);
  gemm.throughput.tflops_max = tflops * (1 + spread_fraction);
  return report;
}

const Check* find(const Report& report, const std::string& id) {
  for (const auto& c : report.gpus[0].checks)
    if (c.id == id) return &c;
  return nullptr;
}

TEST(Baseline, SameFiguresPass) {
  auto result = apply_baseline(p40_run(10.0), p40_run(10.0), Policy{});
  ASSERT_TRUE(result.ok()) << result.error();
  const auto* gemm = find(*result, "baseline.gemm_fp32");
  ASSERT_NE(gemm, nullptr);
  EXPECT_EQ(gemm->status, CheckStatus::pass);
  ASSERT_NE(find(*result, "baseline.burn_throughput"), nullptr);
  EXPECT_EQ(find(*result, "baseline.burn_throughput")->status, CheckStatus::pass);
}

TEST(Baseline, RegressionBeyondToleranceAndSpreadFails) {
  auto result = apply_baseline(p40_run(8.0), p40_run(10.0), Policy{});
  ASSERT_TRUE(result.ok());
  const auto* gemm = find(*result, "baseline.gemm_fp32");
  ASSERT_NE(gemm, nullptr);
  EXPECT_EQ(gemm->status, CheckStatus::fail);
  EXPECT_EQ(gemm->summary, "GEMM fp32 8 TFLOPS: 20% worse than the baseline's 10 TFLOPS");
  EXPECT_EQ(result->verdict.status, VerdictStatus::unsound);
  // A looser policy accepts it.
  Policy loose;
  loose.baseline.tolerance_fraction = 0.25;
  EXPECT_EQ(find(*apply_baseline(p40_run(8.0), p40_run(10.0), loose), "baseline.gemm_fp32")->status, CheckStatus::pass);
}

TEST(Baseline, InsideTheMeasuredSpreadIsSame) {
  // 15% lower, but both runs spread ±10%: the ranges overlap.
  auto result = apply_baseline(p40_run(8.5, 0.10), p40_run(10.0, 0.10), Policy{});
  const auto* gemm = find(*result, "baseline.gemm_fp32");
  ASSERT_NE(gemm, nullptr);
  EXPECT_EQ(gemm->status, CheckStatus::pass);
  EXPECT_THAT(gemm->summary, HasSubstr("inside the measured spread: same"));
}

TEST(Baseline, AnotherCardModelIsAnError) {
  auto baseline = p40_run(10.0);
  baseline.gpus[0].name = "Tesla M40 24GB";
  baseline.gpus[0].pci.device_id = 0x17fd;
  auto current = p40_run(10.0);
  current.gpus[0].pci.device_id = 0x1b38;
  auto result = apply_baseline(current, baseline, Policy{});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error(), HasSubstr("a baseline must be the same card model"));
}

std::string write_report(const std::filesystem::path& path, const Report& report) {
  std::ofstream(path) << report_to_json_text(report);
  return path.string();
}

int validate(const std::string& schema, const std::string& file) {
  auto command = "/usr/bin/python3 '" + std::string(RIGCHECK_SOURCE_DIR) + "/tests/validate_report.py' '" +
                 std::string(RIGCHECK_SOURCE_DIR) + "/reports/schema/" + schema + "' '" + file + "'";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(BaselineCommand, ReportGatesOnTheBaseline) {
  auto dir = testing::scratch_dir("baseline-command");
  auto good = write_report(dir / "good.json", p40_run(10.0));
  auto slow = write_report(dir / "slow.json", p40_run(7.0));
  auto run = testing::run_rigcheck({"report", slow, "--baseline", good, "--format", "json"});
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text;
  EXPECT_THAT(run.stdout_text, HasSubstr("\"id\": \"baseline.gemm_fp32\""));
  EXPECT_EQ(testing::validate_report_json("baseline-slow", run.stdout_text), "");

  auto m40 = p40_run(10.0);
  m40.gpus[0].name = "Tesla M40 24GB";
  m40.gpus[0].pci.device_id = 0x17fd;
  auto other = write_report(dir / "m40.json", m40);
  auto mismatch = testing::run_rigcheck({"report", slow, "--baseline", other});
  EXPECT_EQ(mismatch.exit_code, 2);
  EXPECT_THAT(mismatch.stderr_text, HasSubstr("a baseline must be the same card model"));
  EXPECT_EQ(std::count(mismatch.stderr_text.begin(), mismatch.stderr_text.end(), '\n'), 1);

  auto missing = testing::run_rigcheck({"report", slow, "--baseline", (dir / "nope.json").string()});
  EXPECT_EQ(missing.exit_code, 2);
}

TEST(CompareCommand, FailOnOutlierGatesAFleet) {
  auto dir = testing::scratch_dir("compare-outlier");
  std::vector<std::string> args{"compare"};
  for (double tflops : {10.0, 10.2, 9.9, 7.5}) {
    auto report = p40_run(tflops);
    report.host.hostname = fmt::format("node{}", args.size());
    args.push_back(write_report(dir / fmt::format("node{}.json", args.size()), report));
  }
  auto plain = testing::run_rigcheck(args);
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_THAT(plain.stderr_text, HasSubstr("outlier: "));
  args.push_back("--fail-on-outlier");
  auto gated = testing::run_rigcheck(args);
  EXPECT_EQ(gated.exit_code, 1);
  EXPECT_THAT(gated.stderr_text, HasSubstr("node4 / GPU 0 Tesla P40 (0000:13:00.0): GEMM fp32 7.5 TFLOPS is 25% worse "
                                           "than the median 9.95 TFLOPS of 4 Tesla P40"));
  args.erase(args.end() - 2);  // without the slow card
  EXPECT_EQ(testing::run_rigcheck(args).exit_code, 0);

  auto json_out = dir / "compare.json";
  args.insert(args.end(), {"--format", "json", "-o", json_out.string()});
  ASSERT_EQ(testing::run_rigcheck(args).exit_code, 0);
  EXPECT_EQ(validate("compare.schema.json", json_out.string()), 0);
}

TEST(ListCommand, JsonValidatesAgainstItsSchema) {
  auto dir = testing::scratch_dir("list-json");
  auto replay = testing::run_rigcheck({"list", "--sysroot", testing::machine_dir("two-p40-one-x1-slot"), "--format", "json"});
  ASSERT_EQ(replay.exit_code, 0) << replay.stderr_text;
  std::ofstream(dir / "replay.json") << replay.stdout_text;
  EXPECT_EQ(validate("list.schema.json", (dir / "replay.json").string()), 0);
  EXPECT_THAT(replay.stdout_text, HasSubstr("\"schema\": \"rigcheck.list/1\""));
  auto here = testing::run_rigcheck({"list", "--format", "json"});
  ASSERT_EQ(here.exit_code, 0) << here.stderr_text;
  std::ofstream(dir / "here.json") << here.stdout_text;
  EXPECT_EQ(validate("list.schema.json", (dir / "here.json").string()), 0);
  EXPECT_THAT(here.stdout_text, HasSubstr("\"backends\""));
}

}  // namespace
}  // namespace rigcheck
