// `rigcheck report X --format html` and `rigcheck compare A B [C ...]` end to end, from reports
// the fixture machines produce with `rigcheck probe --sysroot ... --format json`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::run_rigcheck;
namespace fs = std::filesystem;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// A probe report of a fixture machine, written under `dir`.
std::string probe_report(const fs::path& dir, const std::string& machine) {
  const auto path = (dir / (machine + ".json")).string();
  auto probed = run_rigcheck({"probe", "--sysroot", testing::machine_dir(machine), "--format", "json", "-o", path});
  EXPECT_TRUE(probed.exit_code == 0 || probed.exit_code == 1) << probed.stderr_text;
  return path;
}

TEST(ReportCommand, HtmlFormatWritesOneSelfContainedPage) {
  auto dir = testing::scratch_dir("report-html");
  const auto path = probe_report(dir, "p40-above4g-off");
  auto html = run_rigcheck({"report", path, "--format", "html"});
  EXPECT_EQ(html.exit_code, 1) << html.stderr_text;  // same exit code as every other format
  EXPECT_TRUE(html.stdout_text.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(count(html.stdout_text, "<html"), 1u);
  EXPECT_THAT(html.stdout_text, HasSubstr("<code>pcie.bar</code>"));
  EXPECT_THAT(html.stdout_text, HasSubstr("verdict-unsound"));
  EXPECT_THAT(html.stdout_text, HasSubstr("Tesla P40"));
  EXPECT_THAT(html.stdout_text, Not(HasSubstr("<script")));
  EXPECT_TRUE(html.stderr_text.empty()) << html.stderr_text;

  const auto out = (dir / "report.html").string();
  auto written = run_rigcheck({"report", path, "--format", "html", "-o", out});
  EXPECT_EQ(written.exit_code, 1);
  EXPECT_TRUE(written.stdout_text.empty());
  EXPECT_EQ(testing::read_file(out), html.stdout_text);
}

TEST(CompareCommand, TwoReportsSideBySide) {
  auto dir = testing::scratch_dir("compare-two");
  const auto healthy = probe_report(dir, "p40-healthy");
  const auto riser = probe_report(dir, "m40-riser-x4");
  auto result = run_rigcheck({"compare", healthy, riser});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;  // loaded: 0, whatever the verdicts
  EXPECT_THAT(result.stdout_text, HasSubstr(healthy));
  EXPECT_THAT(result.stdout_text, HasSubstr(riser));
  EXPECT_THAT(result.stdout_text, HasSubstr("Tesla P40"));
  EXPECT_THAT(result.stdout_text, HasSubstr("  verdict"));
  EXPECT_THAT(result.stdout_text, HasSubstr("  pcie.link"));
  EXPECT_THAT(result.stdout_text, HasSubstr("unsound"));
  EXPECT_TRUE(result.stderr_text.empty()) << result.stderr_text;
}

TEST(CompareCommand, JsonHasAColumnPerGpuOfEachReport) {
  auto dir = testing::scratch_dir("compare-json");
  const auto a = probe_report(dir, "p40-healthy");
  const auto b = probe_report(dir, "two-p40-one-x1-slot");
  auto result = run_rigcheck({"compare", a, b, a, "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const auto table = json::parse(result.stdout_text);
  EXPECT_EQ(table["schema"], "rigcheck.compare/1");
  std::size_t expected_columns = 0;
  for (const auto& path : {a, b, a}) {
    const auto report = json::parse(testing::read_file(path));
    expected_columns += std::max<std::size_t>(1, report["gpus"].size());
  }
  EXPECT_EQ(table["columns"].size(), expected_columns);
  for (const auto& row : table["rows"]) EXPECT_EQ(row["values"].size(), expected_columns) << row["label"];
}

TEST(CompareCommand, MarkdownAndHtmlToAFile) {
  auto dir = testing::scratch_dir("compare-formats");
  const auto a = probe_report(dir, "p40-healthy");
  const auto b = probe_report(dir, "p40-power-cable");
  auto md = run_rigcheck({"compare", a, b, "--format", "md"});
  EXPECT_EQ(md.exit_code, 0);
  EXPECT_THAT(md.stdout_text, HasSubstr("| verdict |"));
  const auto out = (dir / "compare.html").string();
  auto html = run_rigcheck({"compare", a, b, "--format", "html", "-o", out});
  EXPECT_EQ(html.exit_code, 0) << html.stderr_text;
  EXPECT_TRUE(html.stdout_text.empty());
  EXPECT_TRUE(testing::read_file(out).starts_with("<!DOCTYPE html>"));
}

TEST(CompareCommand, FewerThanTwoReportsIsBadUsage) {
  auto dir = testing::scratch_dir("compare-one");
  const auto a = probe_report(dir, "p40-healthy");
  for (const auto& args : {std::vector<std::string>{"compare"}, std::vector<std::string>{"compare", a}}) {
    auto result = run_rigcheck(args);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.stderr_text, HasSubstr("REPORTS"));
    EXPECT_TRUE(result.stdout_text.empty());
  }
}

TEST(CompareCommand, ABadFileIsNamedInOneLineAndExits2) {
  auto dir = testing::scratch_dir("compare-bad");
  const auto good = probe_report(dir, "p40-healthy");
  const auto truncated = (dir / "truncated.json").string();
  std::ofstream(truncated) << testing::read_file(good).substr(0, 200);
  const auto missing = (dir / "missing.json").string();
  for (const auto& bad : {truncated, missing}) {
    auto result = run_rigcheck({"compare", good, bad});
    EXPECT_EQ(result.exit_code, 2) << bad;
    EXPECT_THAT(result.stderr_text, HasSubstr(bad));
    EXPECT_EQ(count(result.stderr_text, "\n"), 1u) << result.stderr_text;
    EXPECT_TRUE(result.stdout_text.empty());
  }
}

TEST(CompareCommand, AFormatCompareCannotWriteIsBadUsage) {
  auto dir = testing::scratch_dir("compare-junit");
  const auto a = probe_report(dir, "p40-healthy");
  auto result = run_rigcheck({"compare", a, a, "--format", "junit"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.stderr_text, HasSubstr("junit"));
}

}  // namespace
}  // namespace rigcheck
