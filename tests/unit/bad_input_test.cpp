// Bad input never crashes or hangs: one clear line on stderr and the documented exit code.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using testing::run_rigcheck;
namespace fs = std::filesystem;

int line_count(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

fs::path write_scratch(const std::string& dir, const std::string& name, const std::string& text) {
  auto path = testing::scratch_dir(dir) / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(BadInput, TruncatedReportIsExit2WithOneLine) {
  auto good = run_rigcheck({"probe", "--sysroot", testing::machine_dir("p40-healthy"), "--format", "json"});
  ASSERT_EQ(good.exit_code, 0);
  auto path = write_scratch("truncated", "report.json", good.stdout_text.substr(0, good.stdout_text.size() / 2));
  auto result = run_rigcheck({"report", path.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(line_count(result.stderr_text), 1) << result.stderr_text;
  EXPECT_THAT(result.stderr_text, HasSubstr("not valid JSON"));
  EXPECT_TRUE(result.stdout_text.empty());
}

TEST(BadInput, NotJsonOtherSchemaAndMissingFieldsAreNamed) {
  struct Case {
    std::string text;
    std::string expected;
  };
  std::vector<Case> cases{
      {"hello world", "not valid JSON"},
      {"", "empty file"},
      {"[1,2,3]", "not a JSON object"},
      {R"({"schema": "rigcheck.report/2"})", "report schema is 'rigcheck.report/2'"},
      {R"({"schema": "rigcheck.report/1"})", "missing field tool"},
      {R"({"schema": "rigcheck.report/1", "tool": {"name": "rigcheck", "version": "0", "git": "x"}, "created_utc": "x",
          "profile": "quick", "policy": "p", "interrupted": false, "notes": [], "host": 5})",
       "created_utc: 'x' is not a UTC time like '2026-12-01T12:00:00Z'"},
      {R"({"schema": "rigcheck.report/1", "tool": {"name": "rigcheck", "version": "0", "git": "x"},
          "created_utc": "2026-12-01T12:00:00Z", "profile": "quick", "policy": "p", "interrupted": false,
          "notes": [], "host": 5})",
       "host: expected an object"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    auto path = write_scratch("bad-report-" + std::to_string(i), "report.json", cases[i].text);
    auto result = run_rigcheck({"report", path.string()});
    EXPECT_EQ(result.exit_code, 2) << cases[i].text;
    EXPECT_EQ(line_count(result.stderr_text), 1) << result.stderr_text;
    EXPECT_THAT(result.stderr_text, HasSubstr(cases[i].expected));
  }
}

TEST(BadInput, MissingReportFileIsExit2) {
  auto result = run_rigcheck({"report", "/nonexistent/report.json"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.stderr_text, HasSubstr("cannot read report"));
}

TEST(BadInput, BadPolicyIsExit2NamingKeyAndLine) {
  auto path = write_scratch("bad-policy", "policy.toml", "name = \"mine\"\n[pcie.errors]\ncorrectable_warn_abov = 3\n");
  auto result = run_rigcheck({"probe", "--sysroot", testing::machine_dir("p40-healthy"), "--policy", path.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(line_count(result.stderr_text), 1) << result.stderr_text;
  EXPECT_THAT(result.stderr_text, HasSubstr("line 3"));
  EXPECT_THAT(result.stderr_text, HasSubstr("pcie.errors.correctable_warn_abov"));
}

TEST(BadInput, UnknownPolicyNameAndBadUsageAreExit2) {
  EXPECT_EQ(run_rigcheck({"probe", "--policy", "no-such-policy"}).exit_code, 2);
  EXPECT_EQ(run_rigcheck({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(run_rigcheck({}).exit_code, 2);
  EXPECT_EQ(run_rigcheck({"probe", "--format", "pdf"}).exit_code, 2);
  EXPECT_EQ(run_rigcheck({"run", "--profile", "forever"}).exit_code, 2);
}

TEST(BadInput, SysrootWithoutSysFolderIsExit2) {
  auto dir = testing::scratch_dir("empty-sysroot");
  auto result = run_rigcheck({"probe", "--sysroot", dir.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.stderr_text, HasSubstr("no sys/ folder"));
}

TEST(BadInput, UnreadableKernelLogFileIsExit2) {
  auto result = run_rigcheck({"probe", "--sysroot", testing::machine_dir("p40-healthy"), "--kernel-log", "/nonexistent/kern.log"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(line_count(result.stderr_text), 1) << result.stderr_text;
}

TEST(BadInput, MalformedSysfsFilesAreReportedNotFatal) {
  auto dir = testing::scratch_dir("malformed-sysfs") / "machine";
  fs::copy(testing::machine_dir("p40-healthy"), dir, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  auto device = dir / "sys/devices/pci0000:00/0000:00:03.0/0000:13:00.0";
  std::ofstream(device / "resource", std::ios::trunc) << "garbage here\n\x01\x02\n";
  std::ofstream(device / "max_link_width", std::ios::trunc) << "sixteen\n";
  std::ofstream(device / "aer_dev_correctable", std::ios::trunc) << "RxErr lots\n";
  std::ofstream(device / "vendor", std::ios::trunc) << "";
  auto result = run_rigcheck({"probe", "--sysroot", dir.string(), "--format", "json"});
  // Not read whole: the verdict is at best untested (exit 3), never sound.
  EXPECT_EQ(result.exit_code, 3) << result.stderr_text;
  auto report = nlohmann::json::parse(result.stdout_text);
  const auto& problems = report["gpus"][1]["pci"]["problems"];
  EXPECT_GE(problems.size(), 4u) << problems.dump();
  EXPECT_EQ(testing::validate_report_json("malformed-sysfs", result.stdout_text), "");
}

TEST(BadInput, GarbageKernelLogIsSkippedLineByLine) {
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage += std::string(1, static_cast<char>(i * 37 % 256)) + "\xff\xfe NVRM: Xid (PCI:zz" + "\n";
  auto path = write_scratch("garbage-log", "kern.log", garbage);
  auto result = run_rigcheck({"probe", "--sysroot", testing::machine_dir("p40-healthy"), "--kernel-log", path.string(),
                              "--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_EQ(testing::validate_report_json("garbage-log", result.stdout_text), "");
}

}  // namespace
}  // namespace rigcheck
